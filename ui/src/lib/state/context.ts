import { createContext } from "svelte";
import type { ActivityState } from "./activity.svelte";
import type { Clock } from "./clock.svelte";
import type { Preferences } from "./preferences.svelte";
import type { ShellState } from "./shell.svelte";
import type { ToastQueue } from "./toasts.svelte";

export interface AppState {
  activity: ActivityState;
  toasts: ToastQueue;
  preferences: Preferences;
  shell: ShellState;
  clock: Clock;
}

const [getAppState, setAppState] = createContext<AppState>();

export { getAppState, setAppState };
