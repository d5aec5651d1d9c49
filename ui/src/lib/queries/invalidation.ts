import type { EntitiesChanged } from "$lib/ipc/client";

export type KeyPrefix = readonly (string | number)[];

type Entity = EntitiesChanged["entity"];

/**
 * Which cached queries a change of each entity kind makes stale. `satisfies Record<Entity, …>` makes a new
 * kind a compile error here until someone decides what it refreshes.
 */
const staleKeysByEntity = {
  book: (ids) => {
    const detail: KeyPrefix[] = ids.length > 0 ? ids.map((id) => ["book", id]) : [["book"]];
    return [["books"], ...detail, ["stats"], ["authors"], ["series"]];
  },
  author: () => [["authors"], ["books"], ["book"]],
  series: () => [["series"], ["books"], ["book"]],
  // An import job's start and end change cards (imported, failed), which have no entity of their own.
  job: () => [["jobs"], ["import"]],
  setting: () => [["settings"]],
  provider: () => [["providers"]],
  blocklist: () => [["blocklist"]],
  download: () => [["downloads"]],
  // No page shows these yet; their issues add the keys.
  file: () => [],
  account: () => [],
} satisfies Record<Entity, (ids: readonly string[]) => KeyPrefix[]>;

/** Which cached queries an `EntitiesChanged` event makes stale. */
export function staleKeysFor(change: EntitiesChanged): KeyPrefix[] {
  return staleKeysByEntity[change.entity](change.ids);
}
