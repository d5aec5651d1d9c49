/** Share done in 0..1, or `null` when the total is unknown (show an indeterminate bar). */
export function progressFraction(done: number, total: number | null): number | null {
  if (total == null || total <= 0) return null;
  return Math.min(1, Math.max(0, done / total));
}

/** "120 / 250 rows", or "120 rows" while the total is unknown. */
export function progressText(done: number, total: number | null, unit: string): string {
  const suffix = unit ? ` ${unit}` : "";
  if (total == null) return `${done.toLocaleString("en-GB")}${suffix}`;
  return `${done.toLocaleString("en-GB")} / ${total.toLocaleString("en-GB")}${suffix}`;
}
