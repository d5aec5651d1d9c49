import { mutationOptions, type QueryClient } from "@tanstack/svelte-query";
import { ipc, type BookStatus, type ListFormat, type Theme } from "$lib/ipc/client";
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
  setTheme: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (theme: Theme) => ipc.settings.set("general.theme", theme),
      onSuccess: (settings) => client.setQueryData(keys.settings(), settings),
    }),
};
