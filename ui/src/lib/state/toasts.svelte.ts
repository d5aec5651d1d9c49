import type { NoticeLevel } from "$lib/ipc/client";

/** A button on a toast, such as Undo; running it dismisses the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  level: NoticeLevel;
  title: string;
  body: string | null;
  action?: ToastAction;
}

export type ToastInput = Omit<Toast, "id">;

export interface Timer {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const browserTimer: Timer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ToastOptions {
  /** At most this many toasts show; the oldest goes first. */
  limit?: number;
  /** How long info and success toasts stay; warnings and errors stay until dismissed. */
  autoDismissMs?: number;
  timer?: Timer;
}

/** Notices and errors waiting to be read, newest last. */
export class ToastQueue {
  items = $state<Toast[]>([]);

  #nextId = 1;
  #timers = new Map<number, unknown>();
  readonly #limit: number;
  readonly #autoDismissMs: number;
  readonly #timer: Timer;

  constructor(options: ToastOptions = {}) {
    this.#limit = options.limit ?? 4;
    this.#autoDismissMs = options.autoDismissMs ?? 6000;
    this.#timer = options.timer ?? browserTimer;
  }

  /** Adds a toast and returns its id; the same text already showing is not repeated. */
  push(input: ToastInput): number {
    const same = this.items.find(
      (t) => !input.action && !t.action && t.level === input.level && t.title === input.title && t.body === input.body,
    );
    if (same) return same.id;
    const toast: Toast = { id: this.#nextId++, ...input };
    this.items.push(toast);
    while (this.items.length > this.#limit) {
      const oldest = this.items[0];
      if (oldest) this.dismiss(oldest.id);
    }
    if (toast.level === "info" || toast.level === "success") {
      this.#timers.set(
        toast.id,
        this.#timer.set(() => this.dismiss(toast.id), this.#autoDismissMs),
      );
    }
    return toast.id;
  }

  /** An `AppError` (or anything with message and hint) as an error toast. */
  pushError(error: { message: string; hint: string | null }): number {
    return this.push({ level: "error", title: error.message, body: error.hint });
  }

  dismiss(id: number): void {
    const handle = this.#timers.get(id);
    if (handle !== undefined) {
      this.#timer.clear(handle);
      this.#timers.delete(id);
    }
    this.items = this.items.filter((t) => t.id !== id);
  }
}
