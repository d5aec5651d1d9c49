import { LazyStore } from "@tauri-apps/plugin-store";
import { PER_PAGE_CHOICES } from "$lib/format/paging";

export type LibraryView = "table" | "grid";

export interface PreferenceStore {
  get: <T>(key: string) => Promise<T | undefined>;
  set: (key: string, value: unknown) => Promise<void>;
}

const VIEW_KEY = "library.view";
const PER_PAGE_KEY = "library.perPage";
export const DEFAULT_PER_PAGE = 50;

/**
 * Window preferences that are not settings (they change nothing the backend does): library view mode and
 * page size. Kept with tauri-plugin-store; outside the app they simply live for the session.
 */
export class Preferences {
  libraryView = $state<LibraryView>("table");
  perPage = $state(DEFAULT_PER_PAGE);

  readonly #store: PreferenceStore;

  constructor(store: PreferenceStore = new LazyStore("ui-preferences.json")) {
    this.#store = store;
  }

  async load(): Promise<void> {
    try {
      const [view, perPage] = await Promise.all([
        this.#store.get<string>(VIEW_KEY),
        this.#store.get<number>(PER_PAGE_KEY),
      ]);
      if (view === "table" || view === "grid") this.libraryView = view;
      if (typeof perPage === "number" && PER_PAGE_CHOICES.includes(perPage)) this.perPage = perPage;
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

  async #save(key: string, value: unknown): Promise<void> {
    try {
      await this.#store.set(key, value);
    } catch {
      // A preference that cannot be written is kept for this session only.
    }
  }
}
