import { describe, expect, it } from "vitest";
import { coverSrc, placeholderHue, titleInitials } from "./cover";

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

describe("coverSrc", () => {
  const key = `${"ab".repeat(32)}.jpg`;

  it("uses the app's own scheme, as Tauri serves it on each platform", () => {
    expect(coverSrc(key, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15")).toBe(`cover://localhost/${key}`);
    expect(coverSrc(key, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120")).toBe(`http://cover.localhost/${key}`);
  });

  it("keeps a strange key inside the path", () => {
    expect(coverSrc("../settings.json", "Linux")).toBe("cover://localhost/..%2Fsettings.json");
  });
});
