import { beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/svelte-query";
import type { AppEventHandlers } from "$lib/ipc/events";
import type { JobDto, JobPage } from "$lib/ipc/client";
import { AppError } from "$lib/ipc/errors";
import { ActivityState } from "$lib/state/activity.svelte";
import { ToastQueue } from "$lib/state/toasts.svelte";
import { connectEventBridge } from "./event-bridge";
import { keys } from "./keys";

const subscription = vi.hoisted(() => ({
  handlers: null as AppEventHandlers | null,
  fail: null as Error | null,
  stopped: 0,
}));

vi.mock("$lib/ipc/events", () => ({
  subscribeToAppEvents: async (handlers: AppEventHandlers) => {
    if (subscription.fail) throw subscription.fail;
    subscription.handlers = handlers;
    return () => {
      subscription.stopped += 1;
    };
  },
}));

const job: JobDto = {
  id: "j1",
  kind: "list_import",
  state: "running",
  parentId: null,
  done: 10,
  total: 20,
  unit: "rows",
  message: null,
  errorCode: null,
  error: null,
  startedAt: "2024-05-10T12:00:00Z",
  finishedAt: null,
};

function setup() {
  const client = new QueryClient();
  const activity = new ActivityState();
  const toasts = new ToastQueue({ timer: { set: () => 0, clear: () => undefined } });
  const invalidate = vi.spyOn(client, "invalidateQueries");
  const disconnect = connectEventBridge({ client, activity, toasts });
  return { client, activity, toasts, invalidate, disconnect };
}

function handlers(): AppEventHandlers {
  if (!subscription.handlers) throw new Error("the bridge did not subscribe");
  return subscription.handlers;
}

describe("event bridge", () => {
  beforeEach(() => {
    subscription.handlers = null;
    subscription.fail = null;
    subscription.stopped = 0;
  });

  it("invalidates the queries an entity change makes stale", async () => {
    const { invalidate } = setup();
    await vi.waitFor(() => handlers());
    handlers().onEntitiesChanged({ entity: "book", ids: ["5"] });
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      ["books"],
      ["book", "5"],
      ["stats"],
      ["authors"],
      ["series"],
    ]);
  });

  it("moves jobs in the activity state and updates cached job lists from the payload, without refetching", async () => {
    const { client, activity, invalidate } = setup();
    const page: JobPage = { total: 1, page: 1, perPage: 50, items: [job] };
    client.setQueryData(keys.jobs(1, 50), page);
    await vi.waitFor(() => handlers());
    handlers().onJobUpdated({ job: { ...job, done: 15 } });
    expect(activity.running.map((j) => j.id)).toEqual(["j1"]);
    expect(client.getQueryData<JobPage>(keys.jobs(1, 50))?.items[0]?.done).toBe(15);
    handlers().onJobUpdated({ job: { ...job, state: "succeeded", done: 20 } });
    expect(activity.running).toEqual([]);
    expect(client.getQueryData<JobPage>(keys.jobs(1, 50))?.items[0]).toMatchObject({ state: "succeeded", done: 20 });
    expect(invalidate, "a progress tick or an end costs no job-list query").not.toHaveBeenCalled();
  });

  it("leaves job lists that do not show the job as they are", async () => {
    const { client } = setup();
    const page: JobPage = { total: 1, page: 1, perPage: 50, items: [job] };
    client.setQueryData(keys.jobs(1, 50), page);
    await vi.waitFor(() => handlers());
    handlers().onJobUpdated({ job: { ...job, id: "other" } });
    expect(client.getQueryData(keys.jobs(1, 50))).toBe(page);
  });

  it("shows notices as toasts, text as sent", async () => {
    const { toasts } = setup();
    await vi.waitFor(() => handlers());
    handlers().onNotice({ level: "success", title: "Import finished", body: "<b>120</b> books added", desktop: true });
    expect(toasts.items).toMatchObject([{ level: "success", title: "Import finished", body: "<b>120</b> books added" }]);
  });

  it("reports a failed subscription as an error toast instead of throwing", async () => {
    subscription.fail = new AppError("Unreachable", "The AuralArchive backend is not available.", null, "Open the app");
    const { toasts } = setup();
    await vi.waitFor(() => expect(toasts.items).toHaveLength(1));
    expect(toasts.items[0]).toMatchObject({ level: "error", body: "Open the app" });
  });

  it("stops listening when disconnected, even before the subscription finished", async () => {
    const { disconnect } = setup();
    disconnect();
    await vi.waitFor(() => expect(subscription.stopped).toBe(1));
  });
});
