import { queryOptions } from "@tanstack/svelte-query";
import { ipc } from "$lib/ipc/client";
import { keys } from "./keys";

export const settingsQueries = {
  current: () => queryOptions({ queryKey: keys.settings(), queryFn: () => ipc.settings.get() }),
};
