import { describe, expect, it } from "vitest";
import { clampPage, pageCount, pageLabel, rangeLabel } from "./paging";

describe("page math", () => {
  it.each([
    [0, 50, 1],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [250, 50, 5],
    [251, 50, 6],
  ])("%s rows at %s per page make %s pages", (total, perPage, want) => {
    expect(pageCount(total, perPage)).toBe(want);
  });

  it("keeps the page inside the list", () => {
    expect(clampPage(0, 100, 50)).toBe(1);
    expect(clampPage(9, 100, 50)).toBe(2);
    expect(clampPage(Number.NaN, 100, 50)).toBe(1);
    expect(clampPage(2, 100, 50)).toBe(2);
  });

  it("labels the page as the end-to-end tests read it", () => {
    expect(pageLabel(2, 250, 50)).toBe("Page 2 of 5");
    expect(pageLabel(1, 0, 50)).toBe("Page 1 of 1");
    expect(pageLabel(7, 120, 50)).toBe("Page 3 of 3");
  });

  it("says which rows are shown", () => {
    expect(rangeLabel(2, 1234, 50)).toBe("51–100 of 1,234");
    expect(rangeLabel(25, 1234, 50)).toBe("1,201–1,234 of 1,234");
    expect(rangeLabel(1, 0, 50)).toBe("No results");
  });
});
