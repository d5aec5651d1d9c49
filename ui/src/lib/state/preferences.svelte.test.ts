import { describe, expect, it } from "vitest";
import { DEFAULT_PER_PAGE, Preferences, type PreferenceStore } from "./preferences.svelte";

function memoryStore(initial: Record<string, unknown> = {}): PreferenceStore & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: async <T>(key: string) => data[key] as T | undefined,
    set: async (key, value) => {
      data[key] = value;
    },
  };
}

const failingStore: PreferenceStore = {
  get: async () => {
    throw new Error("store plugin missing");
  },
  set: async () => {
    throw new Error("store plugin missing");
  },
};

describe("Preferences", () => {
  it("loads what was saved", async () => {
    const prefs = new Preferences(memoryStore({ "library.view": "grid", "library.perPage": 100 }));
    await prefs.load();
    expect(prefs.libraryView).toBe("grid");
    expect(prefs.perPage).toBe(100);
  });

  it("ignores saved values it does not know", async () => {
    const prefs = new Preferences(memoryStore({ "library.view": "mosaic", "library.perPage": 7 }));
    await prefs.load();
    expect(prefs.libraryView).toBe("table");
    expect(prefs.perPage).toBe(DEFAULT_PER_PAGE);
  });

  it("saves changes", async () => {
    const store = memoryStore();
    const prefs = new Preferences(store);
    prefs.setLibraryView("grid");
    prefs.setPerPage(200);
    await Promise.resolve();
    expect(store.data).toEqual({ "library.view": "grid", "library.perPage": 200 });
  });

  it("remembers hidden columns and drops names it does not know", async () => {
    const store = memoryStore({ "library.hiddenColumns": ["released", "colour", 7] });
    const prefs = new Preferences(store);
    await prefs.load();
    expect([...prefs.hiddenColumns]).toEqual(["released"]);
    prefs.setColumnShown("series", false);
    prefs.setColumnShown("released", true);
    await Promise.resolve();
    expect(store.data["library.hiddenColumns"]).toEqual(["series"]);
  });

  it("remembers dragged column widths, clamped, and gives a column its flexible width back", async () => {
    const store = memoryStore({ "library.columnWidths": { title: 420, status: 300 } });
    const prefs = new Preferences(store);
    await prefs.load();
    expect(prefs.columnWidths).toEqual({ title: 420 });
    prefs.setColumnWidth("author", 40);
    prefs.setColumnWidth("title", null);
    await Promise.resolve();
    expect(store.data["library.columnWidths"]).toEqual({ author: 120 });
    prefs.resetColumnWidths();
    await Promise.resolve();
    expect(store.data["library.columnWidths"]).toEqual({});
  });

  it("remembers the grid's cover size, kept to the slider's steps and range", async () => {
    const store = memoryStore({ "library.coverSize": 1000 });
    const prefs = new Preferences(store);
    await prefs.load();
    expect(prefs.coverSize).toBe(256);
    prefs.setCoverSize(131);
    await Promise.resolve();
    expect(store.data["library.coverSize"]).toBe(128);
  });

  it("remembers the library's last query, and refuses anything that is not one", async () => {
    const store = memoryStore({ "library.query": "https://elsewhere.example" });
    const prefs = new Preferences(store);
    await prefs.load();
    expect(prefs.libraryQuery).toBe("");
    prefs.setLibraryQuery("?status=wanted&sort=runtime");
    await Promise.resolve();
    expect(store.data["library.query"]).toBe("?status=wanted&sort=runtime");
  });

  it("keeps working for the session when there is no store", async () => {
    const prefs = new Preferences(failingStore);
    await prefs.load();
    prefs.setLibraryView("grid");
    expect(prefs.libraryView).toBe("grid");
  });
});
