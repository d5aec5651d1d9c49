import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/svelte-query";
import { staleKeysFor } from "./invalidation";
import { keys } from "./keys";
import type { BookQuery, NameListQuery } from "$lib/ipc/client";

const bookQuery: BookQuery = {
  page: 1,
  perPage: 50,
  sort: "title",
  desc: false,
  query: null,
  statuses: [],
  authorId: null,
  seriesId: null,
  narrator: null,
  language: null,
  collapseSeries: false,
};
const nameQuery: NameListQuery = { page: 1, perPage: 50, sort: "name", desc: false, query: null };

describe("staleKeysFor", () => {
  it("maps a book change to book lists, those books, stats, authors and series", () => {
    expect(staleKeysFor({ entity: "book", ids: ["7", "9"] })).toEqual([
      ["books"],
      ["book", "7"],
      ["book", "9"],
      ["stats"],
      ["authors"],
      ["series"],
    ]);
  });

  it("makes every book page stale when a book change names no ids", () => {
    expect(staleKeysFor({ entity: "book", ids: [] })).toContainEqual(["book"]);
  });

  it("maps a job change to the job lists and the import cards an import job changes", () => {
    expect(staleKeysFor({ entity: "job", ids: ["x"] })).toEqual([["jobs"], ["import"]]);
  });

  it("maps a setting change to the settings", () => {
    expect(staleKeysFor({ entity: "setting", ids: [] })).toEqual([["settings"]]);
  });

  it("maps a blocklist change to every page of the blocklist", () => {
    expect(staleKeysFor({ entity: "blocklist", ids: ["3"] })).toEqual([["blocklist"]]);
  });

  it("maps a provider change to every provider list", () => {
    expect(staleKeysFor({ entity: "provider", ids: ["1"] })).toEqual([["providers"]]);
  });

  it("maps a download change to every download list", () => {
    expect(staleKeysFor({ entity: "download", ids: ["1"] })).toEqual([["downloads"]]);
  });

  it("leaves entities without pages alone", () => {
    expect(staleKeysFor({ entity: "file", ids: ["1"] })).toEqual([]);
  });
});

/** The prefixes must match the keys the pages really use: check against a live cache. */
describe("invalidation against the real query keys", () => {
  function seeded(): QueryClient {
    const client = new QueryClient();
    client.setQueryData(keys.books(bookQuery), "list");
    client.setQueryData(keys.book("7"), "book 7");
    client.setQueryData(keys.book("8"), "book 8");
    client.setQueryData(keys.stats(), "stats");
    client.setQueryData(keys.authors(nameQuery), "authors");
    client.setQueryData(keys.author("3"), "author 3");
    client.setQueryData(keys.seriesList(nameQuery), "series");
    client.setQueryData(keys.series("4"), "series 4");
    client.setQueryData(keys.jobs(1, 50), "jobs");
    client.setQueryData(keys.settings(), "settings");
    client.setQueryData(keys.importCards(null, 1, 25), "import cards");
    return client;
  }

  function staleAfter(change: Parameters<typeof staleKeysFor>[0]): string[] {
    const client = seeded();
    for (const queryKey of staleKeysFor(change)) void client.invalidateQueries({ queryKey, refetchType: "none" });
    return client
      .getQueryCache()
      .getAll()
      .filter((q) => q.state.isInvalidated)
      .map((q) => String(q.state.data))
      .sort();
  }

  it("a changed book refreshes its page and every list that counts it, not other books", () => {
    expect(staleAfter({ entity: "book", ids: ["7"] })).toEqual(
      ["author 3", "authors", "book 7", "list", "series", "series 4", "stats"].sort(),
    );
  });

  it("a job change touches the job lists and the import cards, nothing else", () => {
    expect(staleAfter({ entity: "job", ids: ["j"] })).toEqual(["import cards", "jobs"]);
  });
});
