import { describe, expect, it } from "vitest";
import type { ProviderDto } from "$lib/ipc/client";
import { providerStatus } from "./provider";

const base: ProviderDto = {
  id: 1,
  name: "Jackett",
  kind: "torznab",
  family: "indexer",
  enabled: true,
  priority: 0,
  status: "ready",
  settings: null,
  attention: null,
  secret: { field: "apiKey", isSet: true },
  failureCount: 0,
  disabledUntil: null,
  lastError: null,
  lastErrorAt: null,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
};

describe("providerStatus", () => {
  it("names each state", () => {
    expect(providerStatus(base)).toBe("Ready");
    expect(providerStatus({ ...base, status: "disabled", enabled: false })).toBe("Disabled");
    expect(providerStatus({ ...base, status: "needsAttention" })).toMatch(/settings no longer fit/);
  });

  it("says how many failures paused a provider and until when", () => {
    const text = providerStatus({ ...base, status: "backedOff", failureCount: 3, disabledUntil: "2026-12-01T11:00:00Z" });
    expect(text).toMatch(/^Paused after 3 failures until \d+ Dec 2026, \d\d:\d\d$/);
  });
});
