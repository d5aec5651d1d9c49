import { describe, expect, it } from "vitest";
import { formatSeriesEntry, moreLabel, positionIn } from "./series";

const entries = [
  { id: 3, name: "Mistborn", position: "1.5", positionSort: 1.5 },
  { id: 9, name: "Cosmere", position: "1-3", positionSort: 1 },
  { id: 12, name: "Collected", position: null, positionSort: null },
];

describe("series positions", () => {
  it("shows the position as the source wrote it", () => {
    expect(entries.map(formatSeriesEntry)).toEqual(["#1.5 · Mistborn", "#1-3 · Cosmere", "Collected"]);
  });

  it("counts what a cell leaves out after its first entry", () => {
    expect([0, 1, 3].map(moreLabel)).toEqual(["", "", "+2"]);
  });

  it("picks the position for one series", () => {
    expect(positionIn(entries, 9)).toBe("1-3");
    expect(positionIn(entries, 12)).toBe("—");
    expect(positionIn(entries, 404)).toBe("—");
  });
});
