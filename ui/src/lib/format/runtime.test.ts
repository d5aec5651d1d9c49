import { describe, expect, it } from "vitest";
import { formatHours, formatRuntime } from "./runtime";

describe("formatRuntime", () => {
  it.each([
    [725, "12 h 5 min"],
    [45, "45 min"],
    [0, "0 min"],
    [180, "3 h"],
    [61, "1 h 1 min"],
    [59.6, "1 h"],
    [null, "—"],
    [undefined, "—"],
    [-5, "—"],
  ])("%s minutes reads %s", (minutes, want) => {
    expect(formatRuntime(minutes)).toBe(want);
  });
});

describe("formatHours", () => {
  it("groups thousands and keeps the backend's one decimal", () => {
    expect(formatHours(1234.5)).toBe("1,234.5 h");
    expect(formatHours(12)).toBe("12 h");
    expect(formatHours(0)).toBe("0 h");
    expect(formatHours(null)).toBe("—");
  });
});
