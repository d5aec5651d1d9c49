import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatPercent } from "./numbers";

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

  it("shows release sizes in MB, and in GB from a thousand MB", () => {
    expect(formatBytes(512_400_000)).toBe("512 MB");
    expect(formatBytes(1_250_000_000)).toBe("1.3 GB");
    expect(formatBytes(1)).toBe("1 MB");
  });
});
