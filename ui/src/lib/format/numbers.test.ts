import { describe, expect, it } from "vitest";
import { formatCount, formatPercent } from "./numbers";

describe("numbers", () => {
  it("groups counts", () => {
    expect(formatCount(250000)).toBe("250,000");
    expect(formatCount(0)).toBe("0");
  });

  it("shows a computed percentage, or a dash when nothing counts", () => {
    expect(formatPercent(42.5)).toBe("42.5%");
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(null)).toBe("—");
  });
});
