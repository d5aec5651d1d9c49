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

/** Widths the user dragged columns to, in pixels; the rest keep their flexible tracks. */
export type ColumnWidths = Partial<Record<BookColumn, number>>;

/** The text columns, whose right edge can be dragged. */
export const RESIZABLE_COLUMNS: readonly BookColumn[] = ["title", "author", "series"];

const MAX_WIDTH = 900;

/** A dragged width kept between the column's least width and a sane maximum. */
export function clampWidth(column: BookColumn, px: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(SPECS[column].min, px)));
}

/** The widths that still make sense: known resizable columns, clamped; anything else from an old store is dropped. */
export function validWidths(value: unknown): ColumnWidths {
  if (typeof value !== "object" || value === null) return {};
  const widths: ColumnWidths = {};
  for (const [column, px] of Object.entries(value)) {
    if (isBookColumn(column) && RESIZABLE_COLUMNS.includes(column) && typeof px === "number" && Number.isFinite(px)) {
      widths[column] = clampWidth(column, px);
    }
  }
  return widths;
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
  widths?: ColumnWidths;
}

function need(columns: readonly BookColumn[], widths: ColumnWidths): number {
  return columns.reduce((sum, c) => sum + (widths[c] ?? SPECS[c].min), 0) + GAP * (columns.length - 1) + PADDING;
}

/**
 * The columns that fit `width`: the user's choice (hidden columns, dragged widths) first, then the lowest-priority columns give
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
  const widths = options.widths ?? {};
  const leaving = shown
    .filter((c) => SPECS[c].givesWay !== null)
    .sort((a, b) => (SPECS[a].givesWay ?? 0) - (SPECS[b].givesWay ?? 0));
  for (const column of leaving) {
    if (width === 0 || need(shown, widths) <= width) break;
    shown = shown.filter((c) => c !== column);
  }
  return shown;
}

export function gridTemplate(columns: readonly BookColumn[], widths: ColumnWidths = {}): string {
  return columns.map((c) => (widths[c] === undefined ? SPECS[c].track : `${widths[c]}px`)).join(" ");
}

/** The width the columns need; a narrower table scrolls sideways, header and rows together. */
export function tableMinWidth(columns: readonly BookColumn[], widths: ColumnWidths = {}): number {
  return need(columns, widths);
}
