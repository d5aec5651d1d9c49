import type { JobDto } from "$lib/ipc/client";
import { isJobActive } from "$lib/format/status";

/** Jobs running now, kept current by `JobUpdated` events; the activity bar reads it. */
export class ActivityState {
  #active = $state<Record<string, JobDto>>({});
  #finished = new Set<string>();
  /** The most recent job that finished while the window was open. */
  lastFinished = $state<JobDto | null>(null);

  readonly running: JobDto[] = $derived(
    Object.values(this.#active).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
  );

  /** Takes one job update: an active job is added or moved on, a finished one leaves the list. */
  apply(job: JobDto): void {
    if (isJobActive(job.state)) {
      this.#active[job.id] = job;
      return;
    }
    if (job.id in this.#active) {
      delete this.#active[job.id];
    }
    this.#finished.add(job.id);
    this.lastFinished = job;
  }

  /**
   * Fills the list from a `listJobs` answer (jobs that were running before the window opened). An event is
   * newer than any list, so a job already seen here is left as the events made it.
   */
  seed(jobs: readonly JobDto[]): void {
    for (const job of jobs) {
      if (!isJobActive(job.state) || job.id in this.#active || this.#finished.has(job.id)) continue;
      this.#active[job.id] = job;
    }
  }
}
