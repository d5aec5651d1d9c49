import type { BookQuery, ImportCardStatus, NameListQuery, ProviderFamily } from "$lib/ipc/client";

/**
 * Every query key in one place. Prefixes matter: invalidating ["books"] refetches every book list,
 * ["authors"] both the author lists and author pages.
 */
export const keys = {
  books: (query: BookQuery) => ["books", query] as const,
  library: (query: BookQuery) => ["books", "library", query] as const,
  book: (key: string) => ["book", key] as const,
  stats: () => ["stats"] as const,
  authors: (query: NameListQuery) => ["authors", "list", query] as const,
  author: (key: string) => ["authors", "detail", key] as const,
  seriesList: (query: NameListQuery) => ["series", "list", query] as const,
  series: (key: string) => ["series", "detail", key] as const,
  jobs: (page: number, perPage: number) => ["jobs", page, perPage] as const,
  settings: () => ["settings"] as const,
  supervisor: () => ["supervisor"] as const,
  providers: (family: ProviderFamily, page: number, perPage: number) => ["providers", family, page, perPage] as const,
  providerKinds: (family: ProviderFamily) => ["providerKinds", family] as const,
  blocklist: (page: number, perPage: number) => ["blocklist", page, perPage] as const,
  downloads: (page: number, perPage: number) => ["downloads", page, perPage] as const,
  importCards: (status: ImportCardStatus | null, page: number, perPage: number) => ["import", "cards", status, page, perPage] as const,
  importSearch: (card: number, query: string) => ["import", "search", card, query] as const,
};
