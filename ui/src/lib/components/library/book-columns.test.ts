import { describe, expect, it } from "vitest";
import { clampWidth, gridTemplate, tableMinWidth, validWidths, visibleColumns } from "./book-columns";

const none = new Set<never>();

describe("book table columns", () => {
  it("shows every column when there is room", () => {
    const cols = visibleColumns(1200, { selection: true, positions: false, hidden: none });
    expect(cols).toEqual(["select", "cover", "title", "author", "series", "runtime", "released", "status"]);
    expect(gridTemplate(cols).split(" ")[0]).toBe("24px");
  });

  it("drops the lowest-priority columns first at narrow widths, never title or status", () => {
    // 960×600 window: about 700 px of table beside the sidebar.
    expect(visibleColumns(700, { selection: true, positions: false, hidden: none })).toEqual([
      "select",
      "cover",
      "title",
      "author",
      "series",
      "status",
    ]);
    expect(visibleColumns(300, { selection: true, positions: true, hidden: none })).toEqual([
      "select",
      "position",
      "title",
      "status",
    ]);
  });

  it("leaves out what the user hid, which makes room for the rest", () => {
    const hidden = new Set(["series", "author"] as const);
    expect(visibleColumns(700, { selection: false, positions: false, hidden })).toEqual([
      "cover",
      "title",
      "runtime",
      "released",
      "status",
    ]);
  });

  it("keeps every chosen column before the table is measured", () => {
    expect(visibleColumns(0, { selection: false, positions: false, hidden: none })).toHaveLength(7);
  });
});

describe("dragged column widths", () => {
  const none = new Set<never>();

  it("turns a dragged column into a fixed track and leaves the others flexible", () => {
    const template = gridTemplate(["title", "author", "status"], { author: 260 });
    expect(template).toBe("minmax(180px, 3fr) 260px 118px");
  });

  it("lets a widened column push lower-priority columns out before title and status", () => {
    const wide = visibleColumns(960, { selection: false, positions: false, hidden: none, widths: { title: 600 } });
    expect(wide).toContain("title");
    expect(wide).toContain("status");
    expect(wide).not.toContain("released");
    expect(visibleColumns(960, { selection: false, positions: false, hidden: none })).toContain("released");
  });

  it("sizes the table to what its columns need, so it scrolls sideways rather than squeezing them", () => {
    expect(tableMinWidth(["title", "status"], { title: 700 })).toBe(700 + 118 + 12 + 28);
    expect(tableMinWidth(["title", "status"])).toBe(180 + 118 + 12 + 28);
  });

  it("clamps widths and drops what an old or hand-edited store holds that no longer applies", () => {
    expect(clampWidth("author", 10)).toBe(120);
    expect(clampWidth("title", 5000)).toBe(900);
    expect(validWidths({ title: 300.4, status: 200, bogus: 1, author: "wide", series: Number.NaN })).toEqual({ title: 300 });
    expect(validWidths(null)).toEqual({});
  });
});
