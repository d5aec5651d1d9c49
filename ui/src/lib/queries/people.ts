import { queryOptions } from "@tanstack/svelte-query";
import { ipc, type NameListQuery } from "$lib/ipc/client";
import { keys } from "./keys";

export const authorQueries = {
  list: (query: NameListQuery) => queryOptions({ queryKey: keys.authors(query), queryFn: () => ipc.authors.list(query) }),
  detail: (key: string) => queryOptions({ queryKey: keys.author(key), queryFn: () => ipc.authors.get(key) }),
};

export const seriesQueries = {
  list: (query: NameListQuery) =>
    queryOptions({ queryKey: keys.seriesList(query), queryFn: () => ipc.series.list(query) }),
  detail: (key: string) => queryOptions({ queryKey: keys.series(key), queryFn: () => ipc.series.get(key) }),
};
