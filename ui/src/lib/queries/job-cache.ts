import type { QueryClient } from "@tanstack/svelte-query";
import type { JobDto, JobPage } from "$lib/ipc/client";

/**
 * Puts a job update into every cached job list that shows the job. Progress arrives only as events (the row
 * is saved every few seconds), so lists follow the payload instead of refetching per tick; a job that is
 * new to a list arrives with the change feed's refetch.
 */
export function patchJobLists(client: QueryClient, job: JobDto): void {
  client.setQueriesData<JobPage>({ queryKey: ["jobs"] }, (page) => {
    if (!page || !page.items.some((item) => item.id === job.id)) return page;
    return { ...page, items: page.items.map((item) => (item.id === job.id ? job : item)) };
  });
}
