import { queryOptions } from "@tanstack/svelte-query";
import { ipc } from "$lib/ipc/client";
import { keys } from "./keys";

export const jobQueries = {
  list: (page: number, perPage: number) =>
    queryOptions({ queryKey: keys.jobs(page, perPage), queryFn: () => ipc.jobs.list(page, perPage) }),
};
