import type { ImportCardEdit, ImportCardStatus } from "$lib/ipc/client";

const CARD_STATUS_LABELS: Record<ImportCardStatus, string> = {
  ready: "Ready",
  pending: "Pending",
  missing_metadata: "Missing metadata",
  invalid: "Invalid",
  error: "Errors",
  imported: "Imported",
};

/** Card statuses in the order the Import page's counters show them. */
export const CARD_STATUSES: readonly ImportCardStatus[] = ["ready", "pending", "missing_metadata", "invalid", "error", "imported"];

export function cardStatusLabel(status: ImportCardStatus): string {
  return CARD_STATUS_LABELS[status];
}

/** The last part of a path, whichever separator the OS uses. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? path;
}

/** A duration in milliseconds as "1 h 02 min", "3 min 05 s" or "12 s"; absent as a dash. */
export function formatDurationMs(ms: number | null): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, "0")} s`;
  return `${sec} s`;
}

/** The edit form's text fields, as typed. */
export interface CardEditFields {
  title: string;
  authors: string;
  narrators: string;
  series: string;
  seriesPosition: string;
  year: string;
}

const names = (text: string): string[] =>
  text
    .split(/[,;]/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);

const optional = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The form as the command takes it: names split on commas, blanks absent, the year a whole number or absent. */
export function toCardEdit(fields: CardEditFields): ImportCardEdit {
  const year = Number.parseInt(fields.year.trim(), 10);
  return {
    title: optional(fields.title),
    authors: names(fields.authors),
    narrators: names(fields.narrators),
    series: optional(fields.series),
    seriesPosition: optional(fields.seriesPosition),
    year: Number.isFinite(year) && /^\d{1,4}$/.test(fields.year.trim()) ? year : null,
  };
}
