import type { IndexerReportDto, ReleaseDto, SearchResultsDto } from "$lib/ipc/client";
import type { ReleasesFound } from "$lib/ipc/events";
import { AppError } from "$lib/ipc/errors";

/** The backend a search talks to: the command, and the stream of answers it sends meanwhile. */
export interface ReleaseSearchBackend {
  search: (id: string, book: string) => Promise<SearchResultsDto>;
  listen: (id: string, onFound: (found: ReleasesFound) => void) => Promise<() => void>;
}

/** Accepted releases before rejected ones, then by score, then by seeders (as the backend ranks them). */
export function bestFirst(a: ReleaseDto, b: ReleaseDto): number {
  const rejected = Number(a.score.rejections.length > 0) - Number(b.score.rejections.length > 0);
  return rejected || b.score.total - a.score.total || (b.seeders ?? 0) - (a.seeders ?? 0);
}

function sameRelease(a: ReleaseDto, b: ReleaseDto): boolean {
  return a.indexerId === b.indexerId && a.title === b.title && a.guidHash === b.guidHash;
}

/**
 * One interactive release search at a time for a book page: answers are shown as each indexer
 * gives them, and the final ranked list replaces them when the slowest indexer is done. A new
 * search drops what an older one still sends.
 */
export class ReleaseSearchState {
  running = $state(false);
  releases = $state<ReleaseDto[]>([]);
  indexers = $state<IndexerReportDto[]>([]);
  error = $state<AppError | null>(null);
  /** Whether a search has been run on this page (the empty state differs before). */
  ran = $state(false);

  readonly #backend: ReleaseSearchBackend;
  #current = "";

  constructor(backend: ReleaseSearchBackend) {
    this.#backend = backend;
  }

  /** Shows `release` rejected for `why` at once, as every later search will rank it. */
  reject(release: ReleaseDto, why: string): ReleaseDto {
    const rejected: ReleaseDto = {
      ...release,
      score: { ...release.score, rejections: [...release.score.rejections, { rule: "blocklisted", reason: `blocklisted: ${why}` }] },
    };
    this.releases = this.releases.map((r) => (sameRelease(r, release) ? rejected : r)).sort(bestFirst);
    return rejected;
  }

  async run(book: string): Promise<void> {
    const id = crypto.randomUUID();
    this.#current = id;
    this.running = true;
    this.ran = true;
    this.error = null;
    this.releases = [];
    this.indexers = [];
    let stop: (() => void) | null = null;
    try {
      stop = await this.#backend.listen(id, (found) => {
        if (this.#current !== id) return;
        this.indexers = [...this.indexers.filter((r) => r.indexerId !== found.report.indexerId), found.report];
        this.releases = [...this.releases, ...found.releases].sort(bestFirst);
      });
      const results = await this.#backend.search(id, book);
      if (this.#current === id) {
        this.releases = results.releases;
        this.indexers = results.indexers;
      }
    } catch (error) {
      if (this.#current === id) this.error = AppError.from(error);
    } finally {
      stop?.();
      if (this.#current === id) this.running = false;
    }
  }
}
