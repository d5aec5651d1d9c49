const DASH = "—";

/** Minutes as "12 h 5 min", "45 min" or "3 h"; absent runtime as a dash. */
export function formatRuntime(minutes: number | null | undefined): string {
  if (minutes == null || !Number.isFinite(minutes) || minutes < 0) return DASH;
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} h`;
  return `${h} h ${m} min`;
}

/** Hours as the backend rounds them (one decimal), grouped: "1,234.5 h"; a missing figure is a dash. */
export function formatHours(hours: number | null): string {
  if (hours == null || !Number.isFinite(hours)) return DASH;
  return `${hours.toLocaleString("en-GB", { maximumFractionDigits: 1 })} h`;
}
