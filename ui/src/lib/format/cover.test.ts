import { describe, expect, it } from "vitest";
import { placeholderHue, titleInitials } from "./cover";

describe("titleInitials", () => {
  it.each([
    ["The Way of Kings", "WK"],
    ["Dune", "D"],
    ["the hobbit", "H"],
    ["A", "A"],
    ["1984", "1"],
    ["Ørsted's Law: A Novel", "ØL"],
    ["", "?"],
    ["  --  ", "?"],
  ])("%s gives %s", (title, want) => {
    expect(titleInitials(title)).toBe(want);
  });
});

describe("placeholderHue", () => {
  it("is stable per book and inside the colour wheel", () => {
    expect(placeholderHue(42)).toBe(placeholderHue(42));
    expect(placeholderHue(1)).not.toBe(placeholderHue(2));
    for (const id of [0, 1, 7, 999_999, -3]) {
      const hue = placeholderHue(id);
      expect(hue).toBeGreaterThanOrEqual(0);
      expect(hue).toBeLessThan(360);
    }
  });
});
