import type { ApiError, ErrorCode } from "./bindings";

export type { ErrorCode };

/** What every failed command becomes in the UI: branch on `code`, show `message`, put it on `field`, offer `hint`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;
  readonly hint: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null, hint: string | null = null) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = field;
    this.hint = hint;
  }

  static fromApiError(error: ApiError): AppError {
    return new AppError(error.code, error.message, error.field, error.hint);
  }

  /** Like [`from`](AppError.from), keeping "no error" as `null`. */
  static fromNullable(error: unknown): AppError | null {
    return error === null || error === undefined ? null : AppError.from(error);
  }

  /** Anything a command, an event subscription or a query threw, as an AppError. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (isApiError(error)) return AppError.fromApiError(error);
    if (error instanceof Error) return new AppError("Unknown", error.message);
    if (typeof error === "string" && error.length > 0) return new AppError("Unknown", error);
    return new AppError("Unknown", "Something went wrong without an error message.");
  }
}

/** The message a form shows next to `field`: the error's own when it names that field. */
export function messageFor(error: AppError | null, field: string): string | null {
  return error?.field === field ? error.message : null;
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Raised when the page runs outside the desktop app, where no Rust side answers. */
export function backendUnavailable(): AppError {
  return new AppError(
    "Unreachable",
    "The AuralArchive backend is not available.",
    null,
    "Open AuralArchive as the desktop app; a plain browser cannot reach the library.",
  );
}
