import { describe, expect, it } from "vitest";
import type { ApiError } from "./bindings";
import { call, unwrap, type CommandResult } from "./client";
import { AppError } from "./errors";

const validation: ApiError = {
  code: "Validation",
  message: "a book cannot be set to downloading by hand",
  field: "status",
  hint: "a book becomes downloading when a release is grabbed for it",
};

const inApp = () => true;

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error("expected the call to fail");
}

describe("unwrap", () => {
  it("returns the data of an ok result", () => {
    expect(unwrap({ status: "ok", data: 42 })).toBe(42);
  });

  it("throws the ApiError as an AppError keeping code, field and hint", () => {
    const error = (() => {
      try {
        unwrap({ status: "error", error: validation });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "Validation",
      message: validation.message,
      field: "status",
      hint: validation.hint,
    });
  });
});

describe("call", () => {
  it("resolves to the command's data", async () => {
    const result: CommandResult<string> = { status: "ok", data: "done" };
    await expect(call(async () => result, inApp)).resolves.toBe("done");
  });

  it("turns an error result into an AppError", async () => {
    const result: CommandResult<string> = { status: "error", error: validation };
    const error = await caught(call(async () => result, inApp));
    expect(error.code).toBe("Validation");
    expect(error.field).toBe("status");
    expect(error.hint).toBe(validation.hint);
  });

  it("turns a transport failure into an Unknown AppError with its message", async () => {
    const error = await caught(
      call(async () => {
        throw new TypeError("IPC channel closed");
      }, inApp),
    );
    expect(error.code).toBe("Unknown");
    expect(error.message).toBe("IPC channel closed");
  });

  it("refuses at once outside the desktop app, saying what to do", async () => {
    let ran = false;
    const error = await caught(
      call(async () => {
        ran = true;
        return { status: "ok", data: 1 } as const;
      }, () => false),
    );
    expect(ran).toBe(false);
    expect(error.code).toBe("Unreachable");
    expect(error.hint).toMatch(/desktop app/);
  });
});
