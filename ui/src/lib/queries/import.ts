import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc, type ImportCardEdit, type ImportCardStatus, type ImportRunRequest } from "$lib/ipc/client";
import { keys } from "./keys";

export const importQueries = {
  cards: (status: ImportCardStatus | null, page: number, perPage: number) =>
    queryOptions({ queryKey: keys.importCards(status, page, perPage), queryFn: () => ipc.import.list(status, page, perPage) }),
  search: (card: number, query: string) =>
    queryOptions({
      queryKey: keys.importSearch(card, query),
      queryFn: () => ipc.import.search(card, query),
      enabled: query.trim().length > 0,
    }),
};

/** Which scan the user started: the picker for files, for folders, or the staging folder. */
export type ScanSource = "files" | "folders" | "staging";

const refreshing = (client: QueryClient) => () => client.invalidateQueries({ queryKey: ["import"] });

export const importMutations = {
  scan: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (source: ScanSource) =>
        source === "files" ? ipc.import.scanFiles() : source === "folders" ? ipc.import.scanFolders() : ipc.import.scanStaging(),
      onSuccess: refreshing(client),
    }),
  choose: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ card, book }: { card: number; book: number }) => ipc.import.choose(card, book),
      onSuccess: refreshing(client),
    }),
  edit: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ card, edit }: { card: number; edit: ImportCardEdit }) => ipc.import.edit(card, edit),
      onSuccess: refreshing(client),
    }),
  dismiss: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (card: number) => ipc.import.dismiss(card),
      onSuccess: refreshing(client),
    }),
  start: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (request: ImportRunRequest) => ipc.import.start(request),
      onSuccess: refreshing(client),
    }),
};
