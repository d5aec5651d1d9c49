import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc, type BlocklistRequest } from "$lib/ipc/client";
import { keys } from "./keys";

export const blocklistQueries = {
  list: (page: number, perPage: number) =>
    queryOptions({ queryKey: keys.blocklist(page, perPage), queryFn: () => ipc.blocklist.list(page, perPage) }),
};

const refreshing = (client: QueryClient) => () => client.invalidateQueries({ queryKey: ["blocklist"] });

export const blocklistMutations = {
  add: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (request: BlocklistRequest) => ipc.blocklist.add(request),
      onSuccess: refreshing(client),
    }),
  remove: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (id: number) => ipc.blocklist.remove(id),
      onSuccess: refreshing(client),
    }),
};
