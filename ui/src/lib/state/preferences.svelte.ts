import { LazyStore } from "@tauri-apps/plugin-store";
import { PER_PAGE_CHOICES } from "$lib/format/paging";
import { clampWidth, isBookColumn, validWidths, type BookColumn, type ColumnWidths } from "$lib/components/library/book-columns";

export type LibraryView = "table" | "grid";

export interface PreferenceStore {
  get: <T>(key: string) => Promise<T | undefined>;
  set: (key: string, value: unknown) => Promise<void>;
}

const VIEW_KEY = "library.view";
const PER_PAGE_KEY = "library.perPage";
const HIDDEN_COLUMNS_KEY = "library.hiddenColumns";
const QUERY_KEY = "library.query";
const COLUMN_WIDTHS_KEY = "library.columnWidths";
const COVER_SIZE_KEY = "library.coverSize";
export const COVER_SIZES = { min: 96, max: 256, step: 8, default: 152 } as const;

function clampCover(px: number): number {
  const stepped = Math.round(px / COVER_SIZES.step) * COVER_SIZES.step;
  return Math.min(COVER_SIZES.max, Math.max(COVER_SIZES.min, stepped));
}
export const DEFAULT_PER_PAGE = 50;

/**
 * Window preferences that are not settings (they change nothing the backend does): library view mode,
 * page size, the table columns the user hid or dragged wider, the grid's cover size, and the library's last query (its address), so the sidebar
 * and a restart come back to the same list. Kept with tauri-plugin-store; outside the app they simply live for the session.
 */
export class Preferences {
  libraryView = $state<LibraryView>("table");
  perPage = $state(DEFAULT_PER_PAGE);
  hiddenColumns = $state<ReadonlySet<BookColumn>>(new Set());
  columnWidths = $state<ColumnWidths>({});
  /** The cover grid's cover edge, in pixels. */
  coverSize = $state<number>(COVER_SIZES.default);
  /** The library list's address query (`?status=wanted&sort=runtime`), or empty. */
  libraryQuery = $state("");

  readonly #store: PreferenceStore;

  constructor(store: PreferenceStore = new LazyStore("ui-preferences.json")) {
    this.#store = store;
  }

  async load(): Promise<void> {
    try {
      const [view, perPage, hidden, query, widths, cover] = await Promise.all([
        this.#store.get<string>(VIEW_KEY),
        this.#store.get<number>(PER_PAGE_KEY),
        this.#store.get<unknown>(HIDDEN_COLUMNS_KEY),
        this.#store.get<unknown>(QUERY_KEY),
        this.#store.get<unknown>(COLUMN_WIDTHS_KEY),
        this.#store.get<unknown>(COVER_SIZE_KEY),
      ]);
      if (typeof cover === "number" && Number.isFinite(cover)) this.coverSize = clampCover(cover);
      this.columnWidths = validWidths(widths);
      if (typeof query === "string" && (query === "" || query.startsWith("?"))) this.libraryQuery = query;
      if (view === "table" || view === "grid") this.libraryView = view;
      if (typeof perPage === "number" && PER_PAGE_CHOICES.includes(perPage)) this.perPage = perPage;
      if (Array.isArray(hidden)) {
        this.hiddenColumns = new Set(hidden.filter((c): c is BookColumn => typeof c === "string" && isBookColumn(c)));
      }
    } catch {
      // No store outside the desktop app: the defaults stand.
    }
  }

  setLibraryView(view: LibraryView): void {
    this.libraryView = view;
    void this.#save(VIEW_KEY, view);
  }

  setPerPage(perPage: number): void {
    this.perPage = perPage;
    void this.#save(PER_PAGE_KEY, perPage);
  }

  setLibraryQuery(query: string): void {
    if (query === this.libraryQuery) return;
    this.libraryQuery = query;
    void this.#save(QUERY_KEY, query);
  }

  setColumnShown(column: BookColumn, shown: boolean): void {
    const next = new Set(this.hiddenColumns);
    if (shown) next.delete(column);
    else next.add(column);
    this.hiddenColumns = next;
    void this.#save(HIDDEN_COLUMNS_KEY, [...next]);
  }

  /** `null` gives the column back its flexible width. */
  setColumnWidth(column: BookColumn, px: number | null): void {
    const next = { ...this.columnWidths };
    if (px === null) delete next[column];
    else next[column] = clampWidth(column, px);
    this.columnWidths = next;
    void this.#save(COLUMN_WIDTHS_KEY, next);
  }

  setCoverSize(px: number): void {
    this.coverSize = clampCover(px);
    void this.#save(COVER_SIZE_KEY, this.coverSize);
  }

  resetColumnWidths(): void {
    this.columnWidths = {};
    void this.#save(COLUMN_WIDTHS_KEY, {});
  }

  async #save(key: string, value: unknown): Promise<void> {
    try {
      await this.#store.set(key, value);
    } catch {
      // A preference that cannot be written is kept for this session only.
    }
  }
}
