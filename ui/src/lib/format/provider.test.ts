import { describe, expect, it } from "vitest";
import type { ProviderDto } from "$lib/ipc/client";
import { AppError } from "$lib/ipc/errors";
import { parseCategories, problemFor, providerStatus, reportFails } from "./provider";

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

describe("problemFor", () => {
  const report = {
    issues: [
      { field: "url", severity: "warning" as const, message: "Jackett's all endpoint", hint: null },
      { field: "url", severity: "error" as const, message: "not a Torznab endpoint", hint: "Copy the Torznab feed URL." },
      { field: null, severity: "info" as const, message: "Jackett 0.22", hint: null },
    ],
  };

  it("puts the worst finding on its field and nothing on the others", () => {
    expect(problemFor("url", report, null)).toEqual({ severity: "error", message: "not a Torznab endpoint", hint: "Copy the Torznab feed URL." });
    expect(problemFor("apiKey", report, null)).toBeNull();
    expect(reportFails(report)).toBe(true);
    expect(reportFails({ issues: [report.issues[0]] })).toBe(false);
  });

  it("prefers a validation error naming the field", () => {
    const error = new AppError("Validation", "must be an absolute folder", "pathMappings[0].local");
    expect(problemFor("pathMappings[0].local", report, error)?.message).toBe("must be an absolute folder");
    expect(problemFor("url", null, error)).toBeNull();
  });
});

describe("parseCategories", () => {
  it("reads ids separated by commas or spaces and refuses anything else", () => {
    expect(parseCategories("3030, 3040 100044")).toEqual([3030, 3040, 100044]);
    expect(parseCategories("")).toEqual([]);
    expect(parseCategories("3030, audio")).toBeNull();
    expect(parseCategories("30.5")).toBeNull();
  });
});
