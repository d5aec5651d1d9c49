import { describe, expect, it } from "vitest";
import { formatSeriesEntry, positionIn } from "./series";

const entries = [
  { id: 3, name: "Mistborn", position: "1.5", positionSort: 1.5 },
  { id: 9, name: "Cosmere", position: "1-3", positionSort: 1 },
  { id: 12, name: "Collected", position: null, positionSort: null },
];

describe("series positions", () => {
  it("shows the position as the source wrote it", () => {
    expect(entries.map(formatSeriesEntry)).toEqual(["Mistborn #1.5", "Cosmere #1-3", "Collected"]);
  });

  it("picks the position for one series", () => {
    expect(positionIn(entries, 9)).toBe("1-3");
    expect(positionIn(entries, 12)).toBe("—");
    expect(positionIn(entries, 404)).toBe("—");
  });
});
