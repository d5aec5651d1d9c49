import { mutationOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc, type BookStatus, type ListFormat, type Settings, type SettingsSection } from "$lib/ipc/client";
import { keys } from "./keys";

export interface StatusChange {
  key: string;
  status: BookStatus;
}

export const bookMutations = {
  setStatus: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ key, status }: StatusChange) => ipc.books.setStatus(key, status),
      meta: { errorShownInline: true },
      onSuccess: (book, { key }) => {
        client.setQueryData(keys.book(key), book);
        for (const prefix of [["books"], ["stats"], ["authors"], ["series"]]) {
          void client.invalidateQueries({ queryKey: prefix });
        }
      },
    }),
  importList: () => mutationOptions({ mutationFn: () => ipc.books.importList() }),
  exportList: () => mutationOptions({ mutationFn: (format: ListFormat) => ipc.books.exportList(format) }),
};

export const jobMutations = {
  cancel: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (id: string) => ipc.jobs.cancel(id),
      onSuccess: () => client.invalidateQueries({ queryKey: ["jobs"] }),
    }),
};

export const settingsMutations = {
  /** Saves one section whole; the page shows a rejected value next to its field. */
  update: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (section: SettingsSection) => ipc.settings.update(section),
      meta: { errorShownInline: true },
      onSuccess: (settings) => client.setQueryData(keys.settings(), settings),
    }),
  chooseLibraryRoot: (client: QueryClient) =>
    mutationOptions({
      mutationFn: () => ipc.settings.chooseLibraryRoot(),
      meta: { errorShownInline: true },
      onSuccess: (settings: Settings | null) => {
        if (settings) client.setQueryData(keys.settings(), settings);
      },
    }),
};
