import type { EntitiesChanged } from "$lib/ipc/client";

export type KeyPrefix = readonly (string | number)[];

/** Which cached queries an `EntitiesChanged` event makes stale. */
export function staleKeysFor(change: EntitiesChanged): KeyPrefix[] {
  switch (change.entity) {
    case "book": {
      const detail: KeyPrefix[] = change.ids.length > 0 ? change.ids.map((id) => ["book", id]) : [["book"]];
      return [["books"], ...detail, ["stats"], ["authors"], ["series"]];
    }
    case "author":
      return [["authors"], ["books"], ["book"]];
    case "series":
      return [["series"], ["books"], ["book"]];
    case "job":
      return [["jobs"]];
    case "setting":
      return [["settings"]];
    default:
      return [];
  }
}
