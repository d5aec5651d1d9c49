import { describe, expect, it } from "vitest";
import { ToastQueue, type Timer } from "./toasts.svelte";

/** A timer the test moves by hand. */
function manualTimer(): Timer & { fire: () => void; pending: () => number } {
  let tasks = new Map<number, () => void>();
  let next = 1;
  return {
    set: (run) => {
      const id = next++;
      tasks.set(id, run);
      return id;
    },
    clear: (handle) => {
      tasks.delete(handle as number);
    },
    fire: () => {
      const due = [...tasks.values()];
      tasks = new Map();
      due.forEach((run) => run());
    },
    pending: () => tasks.size,
  };
}

describe("ToastQueue", () => {
  it("queues toasts in arrival order", () => {
    const toasts = new ToastQueue({ timer: manualTimer() });
    toasts.push({ level: "info", title: "Import started", body: null });
    toasts.push({ level: "warning", title: "3 rows skipped", body: "Line 4: unknown status" });
    expect(toasts.items.map((t) => t.title)).toEqual(["Import started", "3 rows skipped"]);
  });

  it("drops the oldest beyond the limit", () => {
    const toasts = new ToastQueue({ limit: 2, timer: manualTimer() });
    for (const title of ["one", "two", "three"]) toasts.push({ level: "error", title, body: null });
    expect(toasts.items.map((t) => t.title)).toEqual(["two", "three"]);
  });

  it("shows the same text once while it is on screen", () => {
    const toasts = new ToastQueue({ timer: manualTimer() });
    const first = toasts.pushError({ message: "Backend not available", hint: "Open the app" });
    const second = toasts.pushError({ message: "Backend not available", hint: "Open the app" });
    expect(second).toBe(first);
    expect(toasts.items).toHaveLength(1);
    toasts.dismiss(first);
    toasts.pushError({ message: "Backend not available", hint: "Open the app" });
    expect(toasts.items).toHaveLength(1);
  });

  it("lets info and success go by themselves but keeps warnings and errors", () => {
    const timer = manualTimer();
    const toasts = new ToastQueue({ timer });
    toasts.push({ level: "success", title: "Exported", body: null });
    toasts.push({ level: "error", title: "Import failed", body: null });
    toasts.push({ level: "warning", title: "Rows skipped", body: null });
    expect(timer.pending()).toBe(1);
    timer.fire();
    expect(toasts.items.map((t) => t.title)).toEqual(["Import failed", "Rows skipped"]);
  });

  it("dismissing a toast cancels its timer", () => {
    const timer = manualTimer();
    const toasts = new ToastQueue({ timer });
    const id = toasts.push({ level: "info", title: "Hello", body: null });
    toasts.dismiss(id);
    expect(timer.pending()).toBe(0);
    expect(toasts.items).toEqual([]);
  });

  it("turns an error into title and hint", () => {
    const toasts = new ToastQueue({ timer: manualTimer() });
    toasts.pushError({ message: "Could not reach qBittorrent", hint: "Check Settings › Download clients" });
    expect(toasts.items[0]).toMatchObject({
      level: "error",
      title: "Could not reach qBittorrent",
      body: "Check Settings › Download clients",
    });
  });
});
