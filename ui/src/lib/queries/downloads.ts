import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc } from "$lib/ipc/client";
import { keys } from "./keys";

export const downloadQueries = {
  list: (page: number, perPage: number) =>
    queryOptions({ queryKey: keys.downloads(page, perPage), queryFn: () => ipc.downloads.list(page, perPage) }),
};

export type DownloadAction = "pause" | "resume" | "cancel" | "reject";

export const downloadMutations = {
  act: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ id, action }: { id: number; action: DownloadAction }) => ipc.downloads[action](id),
      onSuccess: () => client.invalidateQueries({ queryKey: ["downloads"] }),
    }),
};
