/** What a library list shows: books, and with series collapsed whole series among them. */
import type { BookRow, SeriesRow } from "$lib/ipc/client";
import type { MenuItem } from "$lib/components/ui/ContextMenu.svelte";
import { booksCount } from "$lib/format/status";

export type SeriesItem = SeriesRow & { kind: "series" };
export type LibraryItem = BookRow | SeriesItem;

export function isSeriesItem(item: LibraryItem): item is SeriesItem {
  return "kind" in item && item.kind === "series";
}

/** A key unique across both kinds (a series and a book may share an id). */
export function itemKey(item: LibraryItem): string | number {
  return isSeriesItem(item) ? `series-${item.id}` : item.id;
}

/** A collapsed series opens as the library list of its volumes, in series order. */
export function seriesVolumesHref(series: SeriesRow): string {
  return `/library?series=${series.id}&sort=series`;
}

/** "3 of 5 owned": what a collapsed series has of the volumes that count (ignored ones do not). */
export function seriesProgress(series: SeriesRow): string {
  const counting = series.books - series.counts.ignored;
  return `${series.counts.owned} of ${booksCount(counting)} owned`;
}

export function seriesMenu(series: SeriesRow, open: (href: string) => void): MenuItem[] {
  return [
    { label: "Show its volumes", run: () => open(seriesVolumesHref(series)), testId: "menu-series-volumes" },
    { label: "Open series page", run: () => open(`/series/${series.id}`), testId: "menu-series-page" },
  ];
}
