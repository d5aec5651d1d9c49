import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc, type ProviderFamily } from "$lib/ipc/client";
import { keys } from "./keys";

export const providerQueries = {
  list: (family: ProviderFamily, page: number, perPage: number) =>
    queryOptions({ queryKey: keys.providers(family, page, perPage), queryFn: () => ipc.providers.list(family, page, perPage) }),
};

export interface ProviderAction {
  family: ProviderFamily;
  key: string;
}

const refreshing = (client: QueryClient) => () => client.invalidateQueries({ queryKey: ["providers"] });

export const providerMutations = {
  setEnabled: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ family, key, enabled }: ProviderAction & { enabled: boolean }) =>
        enabled ? ipc.providers.enable(family, key) : ipc.providers.disable(family, key),
      onSuccess: refreshing(client),
    }),
  /** A test's outcome (a report, or the error saying why it could not run) is shown beside the row. */
  test: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ family, key }: ProviderAction) => ipc.providers.test(family, key),
      meta: { errorShownInline: true },
      onSettled: refreshing(client),
    }),
  remove: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ family, key }: ProviderAction) => ipc.providers.remove(family, key),
      onSuccess: refreshing(client),
    }),
};
