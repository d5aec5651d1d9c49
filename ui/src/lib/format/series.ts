import type { SeriesPositionDto } from "$lib/ipc/client";

/** "Mistborn #1.5"; a series entry without a position is its name alone. */
export function formatSeriesEntry(entry: SeriesPositionDto): string {
  return entry.position ? `${entry.name} #${entry.position}` : entry.name;
}

/** The position a book has in one given series ("1-3"), or a dash when it has none there. */
export function positionIn(series: readonly SeriesPositionDto[], seriesId: number): string {
  return series.find((s) => s.id === seriesId)?.position ?? "—";
}
