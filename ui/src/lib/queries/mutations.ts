import { mutationOptions, type QueryClient } from "@tanstack/svelte-query";
import {
  ipc,
  type BookSelection,
  type BookStatus,
  type ListFormat,
  type Settings,
  type SettingsSection,
  type StatusChangeDto,
} from "$lib/ipc/client";
import { AppError } from "$lib/ipc/errors";
import { booksCount, statusLabel } from "$lib/format/status";
import type { ToastQueue } from "$lib/state/toasts.svelte";
import { keys } from "./keys";

export interface StatusChange {
  key: string;
  status: BookStatus;
}

export interface BulkStatusChange {
  selection: BookSelection;
  status: BookStatus;
}

/** Everything a status change can alter: lists, counts, and every open book. */
function refreshAfterStatusChange(client: QueryClient): void {
  for (const prefix of [["books"], ["book"], ["stats"], ["authors"], ["series"]]) {
    void client.invalidateQueries({ queryKey: prefix });
  }
}

/** Says what changed, with an Undo that reverses it (and says so again, undoable in turn). */
export function announceStatusChange(
  client: QueryClient,
  toasts: ToastQueue,
  change: StatusChangeDto,
  title: string,
): void {
  const undo = change.undo;
  toasts.push({
    level: "success",
    title,
    body: null,
    action:
      undo === null
        ? undefined
        : {
            label: "Undo",
            run: () => {
              ipc.books
                .undoStatusChange(undo)
                .then((undone) => {
                  refreshAfterStatusChange(client);
                  announceStatusChange(client, toasts, undone, `Undone: ${booksCount(undone.changed)} changed back`);
                })
                .catch((error: unknown) => toasts.pushError(AppError.from(error)));
            },
          },
  });
}

export const bookMutations = {
  setStatus: (client: QueryClient, toasts: ToastQueue) =>
    mutationOptions({
      mutationFn: ({ key, status }: StatusChange) => ipc.books.setStatus(key, status),
      meta: { errorShownInline: true },
      onSuccess: (changed, { key }) => {
        client.setQueryData(keys.book(key), changed.book);
        refreshAfterStatusChange(client);
        if (changed.change.changed > 0) {
          announceStatusChange(client, toasts, changed.change, `“${changed.book.title}” is now ${statusLabel(changed.book.status)}`);
        }
      },
    }),
  setStatusOf: (client: QueryClient, toasts: ToastQueue) =>
    mutationOptions({
      mutationFn: ({ selection, status }: BulkStatusChange) => ipc.books.setStatusOf(selection, status),
      onSuccess: (change, { status }) => {
        refreshAfterStatusChange(client);
        announceStatusChange(client, toasts, change, `${booksCount(change.changed)} set to ${statusLabel(status)}`);
      },
    }),
  importList: () => mutationOptions({ mutationFn: () => ipc.books.importList() }),
  exportList: () => mutationOptions({ mutationFn: (format: ListFormat) => ipc.books.exportList(format) }),
};

/** Everything a series merge or split can alter: series, their books' series cells, counts. */
function refreshSeries(client: QueryClient): void {
  for (const prefix of [["series"], ["books"], ["book"], ["authors"], ["stats"]]) {
    void client.invalidateQueries({ queryKey: prefix });
  }
}

export const seriesMutations = {
  merge: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ from, into }: { from: number; into: number }) => ipc.series.merge(String(from), String(into)),
      onSuccess: () => refreshSeries(client),
    }),
  split: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (id: number) => ipc.series.split(String(id)),
      onSuccess: () => refreshSeries(client),
    }),
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
