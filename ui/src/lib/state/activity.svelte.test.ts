import { describe, expect, it } from "vitest";
import type { JobDto } from "$lib/ipc/client";
import { ActivityState } from "./activity.svelte";

function job(over: Partial<JobDto> = {}): JobDto {
  return {
    id: "job-1",
    kind: "list_import",
    state: "running",
    parentId: null,
    done: 0,
    total: 100,
    unit: "rows",
    message: null,
    errorCode: null,
    error: null,
    startedAt: "2024-05-10T12:00:00Z",
    finishedAt: null,
    ...over,
  };
}

describe("ActivityState", () => {
  it("follows a job from start through progress to its end", () => {
    const activity = new ActivityState();

    activity.apply(job({ state: "queued", done: 0 }));
    expect(activity.running.map((j) => [j.id, j.state])).toEqual([["job-1", "queued"]]);

    activity.apply(job({ done: 40, message: "Reading rows" }));
    expect(activity.running).toHaveLength(1);
    expect(activity.running[0]).toMatchObject({ state: "running", done: 40, message: "Reading rows" });

    activity.apply(job({ state: "succeeded", done: 100, finishedAt: "2024-05-10T12:01:00Z" }));
    expect(activity.running).toEqual([]);
    expect(activity.lastFinished).toMatchObject({ id: "job-1", state: "succeeded" });
  });

  it("removes failed, cancelled and interrupted jobs too", () => {
    const activity = new ActivityState();
    for (const [id, end] of [["a", "failed"], ["b", "cancelled"], ["c", "interrupted"]] as const) {
      activity.apply(job({ id }));
      activity.apply(job({ id, state: end }));
    }
    expect(activity.running).toEqual([]);
    expect(activity.lastFinished?.id).toBe("c");
  });

  it("lists running jobs oldest first", () => {
    const activity = new ActivityState();
    activity.apply(job({ id: "late", startedAt: "2024-05-10T12:05:00Z" }));
    activity.apply(job({ id: "early", startedAt: "2024-05-10T12:00:00Z" }));
    expect(activity.running.map((j) => j.id)).toEqual(["early", "late"]);
  });

  it("seeds only active jobs, and never brings back one an event already finished", () => {
    const activity = new ActivityState();
    activity.apply(job({ id: "done-early", state: "succeeded" }));
    activity.seed([
      job({ id: "still-running" }),
      job({ id: "old", state: "failed" }),
      job({ id: "done-early", state: "running" }),
    ]);
    expect(activity.running.map((j) => j.id)).toEqual(["still-running"]);
  });

  it("keeps the newer event over an older list entry for the same job", () => {
    const activity = new ActivityState();
    activity.apply(job({ done: 80 }));
    activity.seed([job({ done: 10 })]);
    expect(activity.running[0]?.done).toBe(80);
  });
});
