import { describe, expect, it } from "vitest";
import { formatLanguage } from "./language";

describe("formatLanguage", () => {
  it.each([
    ["english", "English"],
    ["old norse", "Old Norse"],
    ["español", "Español"],
    ["", "—"],
    [null, "—"],
  ])("%s → %s", (input, want) => {
    expect(formatLanguage(input)).toBe(want);
  });
});
