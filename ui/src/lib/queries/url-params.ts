import type { BookQuery, NameListQuery } from "$lib/ipc/client";
import { BOOK_STATUSES, isBookSort, isBookStatus, isNameSort } from "$lib/format/status";
import { PER_PAGE_CHOICES } from "$lib/format/paging";

/**
 * Lists keep their query in the address (`/library?q=dune&status=owned&page=2`), so links from author and
 * series pages open a filtered library, and Back returns to the same page of results.
 */

function text(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim();
  return value ? value : null;
}

function positiveInt(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw == null || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

function perPageFrom(params: URLSearchParams, fallback: number): number {
  const n = positiveInt(params, "perPage");
  return n != null && PER_PAGE_CHOICES.includes(n) ? n : fallback;
}

export function bookQueryFromParams(params: URLSearchParams, defaultPerPage: number): BookQuery {
  const statuses = (params.get("status") ?? "").split(",").filter(isBookStatus);
  const sort = params.get("sort") ?? "";
  return {
    page: positiveInt(params, "page") ?? 1,
    perPage: perPageFrom(params, defaultPerPage),
    sort: isBookSort(sort) ? sort : "title",
    desc: params.get("desc") === "1",
    query: text(params, "q"),
    statuses: BOOK_STATUSES.filter((s) => statuses.includes(s)),
    authorId: positiveInt(params, "author"),
    seriesId: positiveInt(params, "series"),
    narrator: text(params, "narrator"),
    language: text(params, "language"),
    collapseSeries: params.get("collapse") === "series",
  };
}

/** The address form of a book query; values at their defaults are left out. */
export function bookQueryToParams(query: BookQuery, defaultPerPage: number): URLSearchParams {
  const params = new URLSearchParams();
  if (query.query) params.set("q", query.query);
  if (query.statuses.length > 0) params.set("status", query.statuses.join(","));
  if (query.language) params.set("language", query.language);
  if (query.narrator) params.set("narrator", query.narrator);
  if (query.authorId != null) params.set("author", String(query.authorId));
  if (query.seriesId != null) params.set("series", String(query.seriesId));
  if (query.sort !== "title") params.set("sort", query.sort);
  if (query.desc) params.set("desc", "1");
  if (query.page > 1) params.set("page", String(query.page));
  if (query.perPage !== defaultPerPage) params.set("perPage", String(query.perPage));
  if (query.collapseSeries) params.set("collapse", "series");
  return params;
}

export function nameQueryFromParams(params: URLSearchParams, defaultPerPage: number): NameListQuery {
  const sort = params.get("sort") ?? "";
  return {
    page: positiveInt(params, "page") ?? 1,
    perPage: perPageFrom(params, defaultPerPage),
    sort: isNameSort(sort) ? sort : "name",
    desc: params.get("desc") === "1",
    query: text(params, "q"),
  };
}

export function nameQueryToParams(query: NameListQuery, defaultPerPage: number): URLSearchParams {
  const params = new URLSearchParams();
  if (query.query) params.set("q", query.query);
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.desc) params.set("desc", "1");
  if (query.page > 1) params.set("page", String(query.page));
  if (query.perPage !== defaultPerPage) params.set("perPage", String(query.perPage));
  return params;
}

/** The address of a list with its query: `/library`, `/library?q=dune&page=2`. */
export function hrefWith(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
