import { describe, expect, it } from "vitest";
import type { LoopDto } from "$lib/ipc/client";
import { loopState } from "./loop";

const loop: LoopDto = {
  name: "change feed",
  scope: "everyProcess",
  state: "running",
  restarts: 0,
  lastError: null,
  lastErrorAt: null,
  retryInMs: null,
};

describe("loopState", () => {
  it("says running, and how often it restarted when it did", () => {
    expect(loopState(loop)).toBe("running");
    expect(loopState({ ...loop, restarts: 1 })).toBe("running (1 restart)");
  });

  it("says when a failed loop runs again", () => {
    expect(loopState({ ...loop, state: "restarting", restarts: 2, retryInMs: 3_600 })).toBe("restarting in 4 s after 2 restarts");
  });

  it("names loops that run elsewhere or not at all", () => {
    expect(loopState({ ...loop, state: "waitingForLeader" })).toBe("runs in the process that leads");
    expect(loopState({ ...loop, state: "stopped" })).toBe("stopped");
  });
});
