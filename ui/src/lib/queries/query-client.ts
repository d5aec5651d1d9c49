import { MutationCache, QueryCache, QueryClient } from "@tanstack/svelte-query";
import { AppError } from "$lib/ipc/errors";
import type { ToastQueue } from "$lib/state/toasts.svelte";

/**
 * The window's one query client. Commands read local SQL, so retrying a failure only repeats it; data stays
 * fresh through `EntitiesChanged` invalidations rather than polling or refetch-on-focus.
 */
export function createAppQueryClient(toasts: ToastQueue): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => toasts.pushError(AppError.from(error)),
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.errorShownInline) toasts.pushError(AppError.from(error));
      },
    }),
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
