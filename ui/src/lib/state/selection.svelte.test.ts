import { describe, expect, it } from "vitest";
import { bookQueryFromParams } from "$lib/queries/url-params";
import { BookSelectionState } from "./selection.svelte";

const rows = [11, 12, 13, 14, 15];
const plain = { range: false, toggle: false };
const shift = { range: true, toggle: false };
const ctrl = { range: false, toggle: true };

describe("BookSelectionState", () => {
  it("toggles single rows and extends a range from the last one picked", () => {
    const s = new BookSelectionState();
    s.pick(rows, 1, plain);
    s.pick(rows, 3, shift);
    expect([...s.ids].sort()).toEqual([12, 13, 14]);
    s.pick(rows, 2, ctrl);
    expect(s.has(13)).toBe(false);
    expect(s.count(5000)).toBe(2);
  });

  it("ranges backwards and replaces an earlier range unless Ctrl is held", () => {
    const s = new BookSelectionState();
    s.pick(rows, 4, plain);
    s.pick(rows, 2, shift);
    expect([...s.ids].sort()).toEqual([13, 14, 15]);
    s.pick(rows, 3, shift);
    expect([...s.ids].sort()).toEqual([14, 15]);
    s.pick(rows, 0, { range: true, toggle: true });
    expect([...s.ids].sort()).toEqual([11, 12, 13, 14, 15]);
  });

  it("selects every matching book without loading them and targets the query, not ids", () => {
    const s = new BookSelectionState();
    const query = { ...bookQueryFromParams(new URLSearchParams("status=wanted&page=4"), 50) };
    s.selectAllMatching();
    expect(s.count(6147)).toBe(6147);
    expect(s.has(999_999)).toBe(true);
    expect(s.target(query)).toEqual({ ids: null, matching: { ...query, page: 1 } });
    s.pick(rows, 0, ctrl);
    expect(s.allMatching).toBe(false);
    expect(s.count(6147)).toBe(4);
    expect(s.target(query)).toEqual({ ids: [12, 13, 14, 15], matching: null });
  });

  it("selects the visible rows, and clears them when all are selected", () => {
    const s = new BookSelectionState();
    s.toggleVisible(rows);
    expect(s.count(100)).toBe(5);
    s.toggleVisible(rows);
    expect(s.count(100)).toBe(0);
  });
});
