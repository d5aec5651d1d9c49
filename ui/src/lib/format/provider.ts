import type { ProviderDto } from "$lib/ipc/client";
import { formatTimestamp } from "./date";

/** The status line of a provider row: ready, off, resting after failures until when, or broken settings. */
export function providerStatus(provider: ProviderDto): string {
  switch (provider.status) {
    case "ready":
      return "Ready";
    case "disabled":
      return "Disabled";
    case "backedOff":
      return provider.disabledUntil
        ? `Paused after ${provider.failureCount} failures until ${formatTimestamp(provider.disabledUntil)}`
        : `Paused after ${provider.failureCount} failures`;
    case "needsAttention":
      return "Needs attention: its settings no longer fit this version";
  }
}
