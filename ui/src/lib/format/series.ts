import type { SeriesPositionDto } from "$lib/ipc/client";

/**
 * "#1-3 · The Licanius Trilogy": the position first, so a narrow cell that cuts the text keeps
 * it; a series entry without a position is its name alone.
 */
export function formatSeriesEntry(entry: SeriesPositionDto): string {
  return entry.position ? `#${entry.position} · ${entry.name}` : entry.name;
}

/** The position a book has in one given series ("1-3"), or a dash when it has none there. */
export function positionIn(series: readonly SeriesPositionDto[], seriesId: number): string {
  return series.find((s) => s.id === seriesId)?.position ?? "—";
}

/** "+2" for the entries a cell leaves out after its first, or nothing when there is one. */
export function moreLabel(count: number): string {
  return count > 1 ? `+${count - 1}` : "";
}
