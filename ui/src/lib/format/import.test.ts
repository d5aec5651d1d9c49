import { describe, expect, it } from "vitest";
import { cardStatusLabel, CARD_STATUSES, fileName, formatDurationMs, toCardEdit } from "./import";

describe("import formatting", () => {
  it("labels every card status in counter order", () => {
    expect(CARD_STATUSES.map(cardStatusLabel)).toEqual(["Ready", "Pending", "Missing metadata", "Invalid", "Errors", "Imported"]);
  });

  it("takes the file name from either separator", () => {
    for (const [path, want] of [
      ["/home/u/Staging/Book/01.mp3", "01.mp3"],
      ["C:\\Books\\Dune.m4b", "Dune.m4b"],
      ["/home/u/Staging/Book/", "Book"],
    ]) {
      expect(fileName(path), path).toBe(want);
    }
  });

  it("formats durations by their largest unit", () => {
    expect(formatDurationMs(3_725_000)).toBe("1 h 02 min");
    expect(formatDurationMs(185_000)).toBe("3 min 05 s");
    expect(formatDurationMs(12_400)).toBe("12 s");
    expect(formatDurationMs(null)).toBe("—");
  });

  it("turns the edit form into the command's fields", () => {
    expect(
      toCardEdit({ title: "  Dune ", authors: "Frank Herbert, , Brian Herbert", narrators: "", series: "Dune", seriesPosition: "1", year: "1965" }),
    ).toEqual({ title: "Dune", authors: ["Frank Herbert", "Brian Herbert"], narrators: [], series: "Dune", seriesPosition: "1", year: 1965 });
    expect(toCardEdit({ title: "", authors: "", narrators: "", series: " ", seriesPosition: "", year: "19x5" })).toEqual({
      title: null,
      authors: [],
      narrators: [],
      series: null,
      seriesPosition: null,
      year: null,
    });
  });
});
