import type { QueryClient } from "@tanstack/svelte-query";
import { AppError } from "$lib/ipc/errors";
import { subscribeToAppEvents } from "$lib/ipc/events";
import type { ActivityState } from "$lib/state/activity.svelte";
import type { ToastQueue } from "$lib/state/toasts.svelte";
import { staleKeysFor } from "./invalidation";
import { patchJobLists } from "./job-cache";

export interface BridgeTargets {
  client: QueryClient;
  activity: ActivityState;
  toasts: ToastQueue;
}

/**
 * Connects backend events to the window: entity changes refetch what shows them, job updates move the
 * activity bar and the job lists in place (a job's start and end also come as entity changes, which refetch
 * the lists once), notices become toasts. Returns a function that disconnects.
 */
export function connectEventBridge({ client, activity, toasts }: BridgeTargets): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;

  subscribeToAppEvents({
    onEntitiesChanged: (change) => {
      for (const queryKey of staleKeysFor(change)) void client.invalidateQueries({ queryKey });
    },
    onJobUpdated: ({ job }) => {
      activity.apply(job);
      patchJobLists(client, job);
    },
    // Progress between state changes comes only as these events (the backend sends at most one per
    // download every 2 s, or per 1 %), so the lists refetch on each.
    onDownloadUpdated: () => {
      void client.invalidateQueries({ queryKey: ["downloads"] });
    },
    onNotice: (notice) => {
      toasts.push({ level: notice.level, title: notice.title, body: notice.body });
    },
  }).then(
    (unsubscribe) => {
      if (stopped) unsubscribe();
      else stop = unsubscribe;
    },
    (error: unknown) => {
      if (!stopped) toasts.pushError(AppError.from(error));
    },
  );

  return () => {
    stopped = true;
    stop?.();
  };
}
