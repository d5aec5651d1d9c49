import { queryOptions } from "@tanstack/svelte-query";
import { ipc, type BookQuery } from "$lib/ipc/client";
import { keys } from "./keys";

export const bookQueries = {
  list: (query: BookQuery) => queryOptions({ queryKey: keys.books(query), queryFn: () => ipc.books.list(query) }),
  /** The library page's rows: books, or with `collapseSeries` books and whole series. */
  library: (query: BookQuery) => queryOptions({ queryKey: keys.library(query), queryFn: () => ipc.books.library(query) }),
  detail: (key: string) => queryOptions({ queryKey: keys.book(key), queryFn: () => ipc.books.get(key) }),
  stats: () => queryOptions({ queryKey: keys.stats(), queryFn: () => ipc.books.stats() }),
};
