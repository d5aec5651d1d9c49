export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

/** A percentage the backend computed; `null` (nothing counts) shows as a dash. */
export function formatPercent(percent: number | null): string {
  if (percent == null) return "—";
  return `${percent.toLocaleString("en-GB", { maximumFractionDigits: 1 })}%`;
}
