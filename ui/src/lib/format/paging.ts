/** Number of pages for `total` rows; an empty list still has one (empty) page. */
export function pageCount(total: number, perPage: number): number {
  if (perPage <= 0) return 1;
  return Math.max(1, Math.ceil(total / perPage));
}

/** Keeps a requested page inside 1..pageCount. */
export function clampPage(page: number, total: number, perPage: number): number {
  if (!Number.isFinite(page) || page < 1) return 1;
  return Math.min(Math.floor(page), pageCount(total, perPage));
}

export function pageLabel(page: number, total: number, perPage: number): string {
  return `Page ${clampPage(page, total, perPage)} of ${pageCount(total, perPage)}`;
}

/** "51–100 of 1,234", or "No results" for an empty list. */
export function rangeLabel(page: number, total: number, perPage: number): string {
  if (total <= 0) return "No results";
  const current = clampPage(page, total, perPage);
  const first = (current - 1) * perPage + 1;
  const last = Math.min(total, current * perPage);
  return `${first.toLocaleString("en-GB")}–${last.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")}`;
}

export const PER_PAGE_CHOICES: readonly number[] = [25, 50, 100, 200];
