import { describe, expect, it } from "vitest";
import { gridTemplate, visibleColumns } from "./book-columns";

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
