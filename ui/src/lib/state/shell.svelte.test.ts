import { describe, expect, it } from "vitest";
import { ShellState } from "./shell.svelte";

describe("ShellState search focus", () => {
  it("hands out each request once", () => {
    const shell = new ShellState();
    expect(shell.takeSearchFocus()).toBe(false);
    shell.requestSearchFocus();
    expect(shell.takeSearchFocus()).toBe(true);
    expect(shell.takeSearchFocus()).toBe(false);
  });
});
