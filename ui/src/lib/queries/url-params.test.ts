import { describe, expect, it } from "vitest";
import {
  bookQueryFromParams,
  bookQueryToParams,
  hrefWith,
  nameQueryFromParams,
  nameQueryToParams,
} from "./url-params";

describe("book query in the address", () => {
  it("reads every filter", () => {
    const q = bookQueryFromParams(
      new URLSearchParams("q=dune&status=owned&language=english&author=12&series=4&sort=releaseDate&desc=1&page=3&perPage=100&collapse=series"),
      50,
    );
    expect(q).toEqual({
      page: 3,
      perPage: 100,
      sort: "releaseDate",
      desc: true,
      query: "dune",
      statuses: ["owned"],
      authorId: 12,
      seriesId: 4,
      narrator: null,
      language: "english",
      collapseSeries: true,
    });
  });

  it("falls back to defaults for missing or bad values", () => {
    const q = bookQueryFromParams(
      new URLSearchParams("status=have&sort=colour&page=-2&perPage=7&author=abc&q=%20%20"),
      25,
    );
    expect(q).toMatchObject({ page: 1, perPage: 25, sort: "title", statuses: [], authorId: null, query: null });
  });

  it("holds several statuses in one parameter, in a stable order, without repeats or unknowns", () => {
    const q = bookQueryFromParams(new URLSearchParams("status=missing,have,wanted,missing"), 50);
    expect(q.statuses).toEqual(["wanted", "missing"]);
    expect(bookQueryToParams(q, 50).toString()).toBe("status=wanted%2Cmissing");
  });

  it("writes only what differs from the defaults, and reads back the same query", () => {
    const q = bookQueryFromParams(new URLSearchParams("q=mistborn&series=4&sort=series&page=2"), 50);
    const params = bookQueryToParams(q, 50);
    expect(params.toString()).toBe("q=mistborn&series=4&sort=series&page=2");
    expect(bookQueryFromParams(params, 50)).toEqual(q);
    expect(bookQueryToParams(bookQueryFromParams(new URLSearchParams(), 50), 50).toString()).toBe("");
  });
});

describe("name list query in the address", () => {
  it("round-trips", () => {
    const q = nameQueryFromParams(new URLSearchParams("q=brandon&sort=missing&desc=1&page=2"), 50);
    expect(q).toEqual({ page: 2, perPage: 50, sort: "missing", desc: true, query: "brandon" });
    expect(nameQueryToParams(q, 50).toString()).toBe("q=brandon&sort=missing&desc=1&page=2");
  });

  it("rejects book sorts", () => {
    expect(nameQueryFromParams(new URLSearchParams("sort=title"), 50).sort).toBe("name");
  });
});

describe("hrefWith", () => {
  it("leaves out an empty query string", () => {
    expect(hrefWith("/library", new URLSearchParams())).toBe("/library");
    expect(hrefWith("/library", new URLSearchParams("page=2"))).toBe("/library?page=2");
  });
});
