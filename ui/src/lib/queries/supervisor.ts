import { queryOptions } from "@tanstack/svelte-query";
import { ipc } from "$lib/ipc/client";
import { keys } from "./keys";

/** Loops report no change events, so the Activity page reads their status (a local file) again every few seconds. */
const REFRESH_MS = 5_000;

export const supervisorQueries = {
  status: () => queryOptions({ queryKey: keys.supervisor(), queryFn: () => ipc.supervisor.status(), refetchInterval: REFRESH_MS }),
};
