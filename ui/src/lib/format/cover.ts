const SKIP = new Set(["a", "an", "the", "of", "and", "to", "in", "on", "for", "der", "die", "das", "le", "la", "les"]);

/** Up to two initials from a title's significant words, for a cover placeholder: "The Way of Kings" → "WK". */
export function titleInitials(title: string): string {
  const words = title
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((w) => w.length > 0);
  const significant = words.filter((w) => !SKIP.has(w.toLowerCase()));
  const chosen = (significant.length > 0 ? significant : words).slice(0, 2);
  return chosen.map((w) => Array.from(w)[0]?.toLocaleUpperCase() ?? "").join("") || "?";
}

/** A stable hue (0–359) per book, so a placeholder keeps its colour between visits. */
export function placeholderHue(id: number): number {
  return (Math.abs(Math.trunc(id)) * 137) % 360;
}

/**
 * The address of a cached cover. Tauri serves custom schemes as `cover://localhost/…` on Linux
 * and macOS, and as `http://cover.localhost/…` where the web view cannot register a scheme (Windows).
 */
export function coverSrc(key: string, platform: string = navigator.userAgent): string {
  const path = encodeURIComponent(key);
  return /Windows/i.test(platform) ? `http://cover.localhost/${path}` : `cover://localhost/${path}`;
}
