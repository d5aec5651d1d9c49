import type { BookSort, BookStatus, JobKind, JobState, MetadataSource, NameSort, SourceKind } from "$lib/ipc/client";

const STATUS_LABELS: Record<BookStatus, string> = {
  owned: "Owned",
  wanted: "Wanted",
  downloading: "Downloading",
  missing: "Missing",
  ignored: "Ignored",
};

/** Statuses in the order menus and filters list them. */
export const BOOK_STATUSES: readonly BookStatus[] = ["owned", "wanted", "downloading", "missing", "ignored"];

/** Statuses a user may choose by hand; "downloading" is set when a release is grabbed. */
export const USER_STATUSES: readonly BookStatus[] = ["owned", "wanted", "missing", "ignored"];

export function statusLabel(status: BookStatus): string {
  return STATUS_LABELS[status];
}

export function isBookStatus(value: string): value is BookStatus {
  return (BOOK_STATUSES as readonly string[]).includes(value);
}

const SOURCE_LABELS: Record<SourceKind, string> = {
  user: "Set by you",
  list_import: "Imported from a list",
  audible: "Audible library",
  file_import: "Imported files",
  abs: "AudioBookShelf",
};

/** Who said something about a book, in words. */
export function sourceLabel(source: SourceKind): string {
  return SOURCE_LABELS[source] ?? source;
}

const METADATA_LABELS: Record<MetadataSource, string> = {
  list_import: "Imported from a list",
  tags: "File tags",
  abs: "AudioBookShelf",
  audnexus: "Audnexus",
  audible_catalog: "Audible catalog",
  audible_library: "Audible library",
  user: "Edited by you",
};

export function metadataSourceLabel(source: MetadataSource): string {
  return METADATA_LABELS[source] ?? source;
}

/** "1 book", "2 books": counts of books in one place. */
export function booksCount(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? "book" : "books"}`;
}

const SORT_LABELS: Record<BookSort, string> = {
  title: "Title",
  author: "Author",
  series: "Series",
  releaseDate: "Release date",
  addedDate: "Date added",
  runtime: "Length",
  status: "Status",
  narrator: "Narrator",
};

export const BOOK_SORTS: readonly BookSort[] = ["title", "author", "series", "releaseDate", "addedDate", "runtime", "status", "narrator"];

export function sortLabel(sort: BookSort): string {
  return SORT_LABELS[sort];
}

export function isBookSort(value: string): value is BookSort {
  return (BOOK_SORTS as readonly string[]).includes(value);
}

const NAME_SORT_LABELS: Record<NameSort, string> = {
  name: "Name",
  books: "Books",
  owned: "Owned",
  missing: "Missing",
};

export const NAME_SORTS: readonly NameSort[] = ["name", "books", "owned", "missing"];

export function nameSortLabel(sort: NameSort): string {
  return NAME_SORT_LABELS[sort];
}

export function isNameSort(value: string): value is NameSort {
  return (NAME_SORTS as readonly string[]).includes(value);
}

const JOB_KIND_LABELS: Record<JobKind, string> = {
  list_import: "Library list import",
  file_import: "File import",
  list_export: "Library list export",
};

/** Unknown kinds (a newer backend) fall back to their raw name rather than failing. */
export function jobKindLabel(kind: JobKind): string {
  return JOB_KIND_LABELS[kind] ?? kind;
}

const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

export function jobStateLabel(state: JobState): string {
  return JOB_STATE_LABELS[state] ?? state;
}

/** Queued and running jobs are the ones the activity bar shows and that can be cancelled. */
export function isJobActive(state: JobState): boolean {
  return state === "queued" || state === "running";
}
