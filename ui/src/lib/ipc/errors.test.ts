import { describe, expect, it } from "vitest";
import { AppError, isApiError, messageFor } from "./errors";

describe("AppError.from", () => {
  it("keeps an AppError as it is", () => {
    const original = new AppError("NotFound", "No book with id 7", "book", "Check the id.");
    expect(AppError.from(original)).toBe(original);
  });

  it("reads an ApiError-shaped value", () => {
    const error = AppError.from({ code: "Conflict", message: "ASIN already used", field: "asin", hint: null });
    expect(error).toMatchObject({ code: "Conflict", message: "ASIN already used", field: "asin", hint: null });
  });

  it("wraps plain errors and strings as Unknown", () => {
    expect(AppError.from(new Error("boom"))).toMatchObject({ code: "Unknown", message: "boom", field: null });
    expect(AppError.from("disk on fire")).toMatchObject({ code: "Unknown", message: "disk on fire" });
  });

  it("still says something for values without a message", () => {
    expect(AppError.from(undefined).message).toMatch(/went wrong/);
    expect(AppError.from({ foo: 1 }).code).toBe("Unknown");
  });
});

describe("AppError.fromNullable", () => {
  it("keeps no error as null and reads the rest like from", () => {
    expect(AppError.fromNullable(null)).toBeNull();
    expect(AppError.fromNullable(undefined)).toBeNull();
    expect(AppError.fromNullable("boom")).toMatchObject({ code: "Unknown", message: "boom" });
  });
});

describe("isApiError", () => {
  it("needs a code and a message", () => {
    expect(isApiError({ code: "Validation", message: "bad", field: null, hint: null })).toBe(true);
    expect(isApiError({ message: "bad" })).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError("Validation")).toBe(false);
  });
});

describe("messageFor", () => {
  it("gives the message only to the field the error names", () => {
    const error = new AppError("Validation", "not an absolute path", "library.stagingDir");
    expect(messageFor(error, "library.stagingDir")).toBe("not an absolute path");
    expect(messageFor(error, "library.root")).toBeNull();
    expect(messageFor(new AppError("Unknown", "boom"), "library.root")).toBeNull();
    expect(messageFor(null, "library.root")).toBeNull();
  });
});
