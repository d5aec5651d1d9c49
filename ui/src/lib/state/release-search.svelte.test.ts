import { describe, expect, it } from "vitest";
import type { IndexerReportDto, ReleaseDto, SearchResultsDto } from "$lib/ipc/client";
import type { ReleasesFound } from "$lib/ipc/events";
import { ReleaseSearchState, bestFirst } from "./release-search.svelte";

function release(title: string, total: number, rejected = false, seeders = 1): ReleaseDto {
  return {
    key: `key-${title}`,
    indexerId: 1,
    indexerName: "Jackett",
    title,
    size: null,
    seeders,
    leechers: null,
    usenet: false,
    published: null,
    infoUrl: null,
    infoHash: null,
    guidHash: `guid-${title}`,
    score: { total, components: [], rejections: rejected ? [{ rule: "abridged", reason: "abridged" }] : [] },
  };
}

const answered = (indexerId: number, found: number): IndexerReportDto => ({
  indexerId,
  name: `Indexer ${indexerId}`,
  outcome: { kind: "answered", found, millis: 10 },
});

/** A backend whose answers and final result the test releases by hand. */
function manualBackend() {
  let onFound: ((found: ReleasesFound) => void) | null = null;
  let finish: ((results: SearchResultsDto) => void) | null = null;
  const ids: string[] = [];
  let stopped = 0;
  return {
    ids,
    stopped: () => stopped,
    send: (found: Omit<ReleasesFound, "search">, id = ids[ids.length - 1]) => onFound?.({ ...found, search: id ?? "" }),
    finish: (results: SearchResultsDto) => finish?.(results),
    backend: {
      listen: async (id: string, cb: (found: ReleasesFound) => void) => {
        ids.push(id);
        onFound = (found) => {
          if (found.search === id) cb(found);
        };
        return () => {
          stopped += 1;
        };
      },
      search: () => new Promise<SearchResultsDto>((resolve) => (finish = resolve)),
    },
  };
}

describe("ReleaseSearchState", () => {
  it("shows a release the user rejects as rejected at once, after the accepted ones", async () => {
    const fake = manualBackend();
    const state = new ReleaseSearchState(fake.backend);
    const done = state.run("42");
    await Promise.resolve();
    fake.finish({ releases: [release("best", 90), release("second", 60)], indexers: [answered(1, 2)] });
    await done;
    const rejected = state.reject(state.releases[0]!, "rejected by you");
    expect(state.releases.map((r) => r.title)).toEqual(["second", "best"]);
    expect(rejected.score.rejections).toEqual([{ rule: "blocklisted", reason: "blocklisted: rejected by you" }]);
  });

  it("shows each indexer's answer as it comes, best first, then the final result", async () => {
    const fake = manualBackend();
    const state = new ReleaseSearchState(fake.backend);
    const done = state.run("42");
    await Promise.resolve();
    expect(state.running).toBe(true);
    fake.send({ report: answered(1, 2), releases: [release("weak", 20), release("rejected", 90, true)] });
    fake.send({ report: answered(2, 1), releases: [release("strong", 80)] });
    expect(state.releases.map((r) => r.title)).toEqual(["strong", "weak", "rejected"]);
    expect(state.indexers).toHaveLength(2);

    fake.finish({ releases: [release("strong", 80)], indexers: [answered(1, 2), answered(2, 1)] });
    await done;
    expect(state.running).toBe(false);
    expect(state.releases.map((r) => r.title)).toEqual(["strong"]);
    expect(fake.stopped()).toBe(1);
  });

  it("ignores what an older search still sends", async () => {
    const fake = manualBackend();
    const state = new ReleaseSearchState(fake.backend);
    void state.run("1");
    await Promise.resolve();
    const first = fake.ids[0];
    void state.run("2");
    await Promise.resolve();
    fake.send({ report: answered(1, 1), releases: [release("old", 50)] }, first);
    expect(state.releases).toEqual([]);
  });

  it("keeps the failure to show, and stops listening", async () => {
    const state = new ReleaseSearchState({
      listen: async () => () => undefined,
      search: async () => {
        throw { code: "notFound", message: "No book 99", hint: null, field: null };
      },
    });
    await state.run("99");
    expect(state.error?.message).toBe("No book 99");
    expect(state.running).toBe(false);
  });

  it("ranks accepted releases before rejected ones, then by score and seeders", () => {
    const sorted = [release("a", 50, false, 1), release("b", 99, true), release("c", 50, false, 9), release("d", 70)].sort(bestFirst);
    expect(sorted.map((r) => r.title)).toEqual(["d", "c", "a", "b"]);
  });
});
