import type { ProviderDto, SecretField, Severity, TestReport } from "$lib/ipc/client";
import type { AppError } from "$lib/ipc/errors";
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

/** What a form shows on one field: a test's finding or a save's validation error naming it. */
export interface FieldProblem {
  severity: Severity;
  message: string;
  hint: string | null;
}

/**
 * The problem to show on `field`, if any: the error when it names the field, else the report's
 * most severe finding on it.
 */
export function problemFor(field: string, report: TestReport | null, error: AppError | null): FieldProblem | null {
  if (error?.field === field) return { severity: "error", message: error.message, hint: error.hint };
  const order: Severity[] = ["error", "warning", "info"];
  const issue = report?.issues
    .filter((i) => i.field === field)
    .sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))[0];
  return issue ? { severity: issue.severity, message: issue.message, hint: issue.hint } : null;
}

/** Whether a report has a finding that makes the provider unusable (warnings leave it usable). */
export function reportFails(report: TestReport | null): boolean {
  return report?.issues.some((i) => i.severity === "error") ?? false;
}

/** Category ids typed as "3030, 3040"; `null` when one of them is not a whole number. */
export function parseCategories(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** The label of the secret a kind signs in with. */
export function secretLabel(field: SecretField): string {
  switch (field) {
    case "apiKey":
      return "API key";
    case "password":
      return "Password";
    case "sessionCookie":
      return "Session cookie (mam_id)";
  }
}
