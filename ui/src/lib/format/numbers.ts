export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

/** A percentage the backend computed; `null` (nothing counts) shows as a dash. */
export function formatPercent(percent: number | null): string {
  if (percent == null) return "—";
  return `${percent.toLocaleString("en-GB", { maximumFractionDigits: 1 })}%`;
}

/** A size as releases are told apart: decimal MB under a gigabyte, GB with one decimal above. */
export function formatBytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  if (mb >= 1000) return `${(mb / 1000).toLocaleString("en-GB", { maximumFractionDigits: 1 })} GB`;
  return `${Math.max(1, Math.round(mb)).toLocaleString("en-GB")} MB`;
}
