import type { LoopDto } from "$lib/ipc/client";

/** A background loop's state in words: "running", "restarting in 4 s after 2 restarts", … */
export function loopState(loop: LoopDto): string {
  const restarts = loop.restarts === 1 ? "1 restart" : `${loop.restarts} restarts`;
  switch (loop.state) {
    case "running":
      return loop.restarts > 0 ? `running (${restarts})` : "running";
    case "restarting": {
      const wait = loop.retryInMs === null ? "" : ` in ${Math.max(1, Math.round(loop.retryInMs / 1000))} s`;
      return `restarting${wait} after ${restarts}`;
    }
    case "waitingForLeader":
      return "runs in the process that leads";
    case "stopped":
      return "stopped";
  }
}
