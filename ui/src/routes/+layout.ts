import { Preferences } from "$lib/state/preferences.svelte";

// A desktop SPA: Tauri serves the built files, so nothing renders on a server or at build time.
export const ssr = false;
export const prerender = false;

/**
 * The window's preferences are read before the first page renders: a click on Library in the first
 * instant must already go to the list the user left (and must not overwrite it with the bare list).
 */
export async function load(): Promise<{ preferences: Preferences }> {
  const preferences = new Preferences();
  await preferences.load();
  return { preferences };
}
