import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/svelte-query";
import {
  ipc,
  type AddProviderRequest,
  type EditProviderRequest,
  type ProviderFamily,
  type TestSettingsRequest,
} from "$lib/ipc/client";
import { keys } from "./keys";

export const providerQueries = {
  list: (family: ProviderFamily, page: number, perPage: number) =>
    queryOptions({ queryKey: keys.providers(family, page, perPage), queryFn: () => ipc.providers.list(family, page, perPage) }),
  /** Fixed for the life of the app: they come from the build. */
  kinds: (family: ProviderFamily) =>
    queryOptions({ queryKey: keys.providerKinds(family), queryFn: () => ipc.providers.kinds(family), staleTime: Infinity }),
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
  /** The form shows errors on their fields, so none becomes a toast. */
  testSettings: () =>
    mutationOptions({
      mutationFn: ({ family, request }: { family: ProviderFamily; request: TestSettingsRequest }) =>
        ipc.providers.testSettings(family, request),
      meta: { errorShownInline: true },
    }),
  add: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ family, request }: { family: ProviderFamily; request: AddProviderRequest }) => ipc.providers.add(family, request),
      meta: { errorShownInline: true },
      onSuccess: refreshing(client),
    }),
  /** Saves the form's fields, then switches the provider on or off when that changed too. */
  edit: (client: QueryClient) =>
    mutationOptions({
      mutationFn: async ({ family, key, request, enabled }: ProviderAction & { request: EditProviderRequest; enabled?: boolean }) => {
        const saved = await ipc.providers.edit(family, key, request);
        if (enabled === undefined || enabled === saved.enabled) return saved;
        return enabled ? ipc.providers.enable(family, key) : ipc.providers.disable(family, key);
      },
      meta: { errorShownInline: true },
      onSuccess: refreshing(client),
    }),
};
