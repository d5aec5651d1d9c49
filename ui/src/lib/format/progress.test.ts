import { describe, expect, it } from "vitest";
import { progressFraction, progressText } from "./progress";

describe("job progress", () => {
  it("is a share of the total, bounded to 0..1", () => {
    expect(progressFraction(25, 100)).toBe(0.25);
    expect(progressFraction(120, 100)).toBe(1);
    expect(progressFraction(5, 0)).toBeNull();
    expect(progressFraction(5, null)).toBeNull();
  });

  it("reads as counts with the unit", () => {
    expect(progressText(1200, 2500, "rows")).toBe("1,200 / 2,500 rows");
    expect(progressText(7, null, "rows")).toBe("7 rows");
    expect(progressText(7, 9, "")).toBe("7 / 9");
  });
});
