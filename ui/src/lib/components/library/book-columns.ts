/** The columns of the books table, which ones fit a width, and the grid template they make. */

export type BookColumn = "select" | "position" | "cover" | "title" | "author" | "series" | "runtime" | "released" | "status";

interface ColumnSpec {
  /** The `grid-template-columns` track. */
  track: string;
  /** The least width it needs, in pixels. */
  min: number;
  /** Narrow tables drop columns in this order (1 first); `null` never goes. */
  givesWay: number | null;
  /** Shown in the column chooser; the rest always show when they apply. */
  label: string | null;
}

const SPECS: Record<BookColumn, ColumnSpec> = {
  select: { track: "24px", min: 24, givesWay: null, label: null },
  position: { track: "56px", min: 56, givesWay: null, label: null },
  cover: { track: "32px", min: 32, givesWay: 3, label: "Cover" },
  title: { track: "minmax(180px, 3fr)", min: 180, givesWay: null, label: null },
  author: { track: "minmax(120px, 1.6fr)", min: 120, givesWay: 5, label: "Author" },
  series: { track: "minmax(120px, 1.6fr)", min: 120, givesWay: 4, label: "Series" },
  runtime: { track: "96px", min: 96, givesWay: 2, label: "Length" },
  released: { track: "104px", min: 104, givesWay: 1, label: "Released" },
  status: { track: "118px", min: 118, givesWay: null, label: null },
};

const ORDER: readonly BookColumn[] = ["select", "position", "cover", "title", "author", "series", "runtime", "released", "status"];

/** The columns a user may hide, in table order. */
export const CHOOSABLE_COLUMNS: readonly BookColumn[] = ORDER.filter((c) => SPECS[c].label !== null);

export function columnLabel(column: BookColumn): string {
  return SPECS[column].label ?? column;
}

export function isBookColumn(value: string): value is BookColumn {
  return (ORDER as readonly string[]).includes(value);
}

/** Gap between columns and the row's side padding, as VirtualTable lays them out. */
const GAP = 12;
const PADDING = 28;

export interface ColumnOptions {
  selection: boolean;
  positions: boolean;
  /** Columns the user chose to hide. */
  hidden: ReadonlySet<BookColumn>;
}

/**
 * The columns that fit `width`: the user's choice first, then the lowest-priority columns give
 * way until the rest fit, so title and status always show. A width of 0 (not measured yet) keeps
 * every chosen column.
 */
export function visibleColumns(width: number, options: ColumnOptions): BookColumn[] {
  let shown = ORDER.filter(
    (c) =>
      !options.hidden.has(c) &&
      (c !== "select" || options.selection) &&
      (c !== "position" || options.positions),
  );
  const need = (cols: readonly BookColumn[]) =>
    cols.reduce((sum, c) => sum + SPECS[c].min, 0) + GAP * (cols.length - 1) + PADDING;
  const leaving = shown
    .filter((c) => SPECS[c].givesWay !== null)
    .sort((a, b) => (SPECS[a].givesWay ?? 0) - (SPECS[b].givesWay ?? 0));
  for (const column of leaving) {
    if (width === 0 || need(shown) <= width) break;
    shown = shown.filter((c) => c !== column);
  }
  return shown;
}

export function gridTemplate(columns: readonly BookColumn[]): string {
  return columns.map((c) => SPECS[c].track).join(" ");
}
