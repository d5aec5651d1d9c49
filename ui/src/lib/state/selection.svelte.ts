import { SvelteSet } from "svelte/reactivity";
import type { BookQuery, BookSelection } from "$lib/ipc/client";

/** How a click asks to change the selection, from its modifier keys. */
export interface SelectGesture {
  /** Shift: from the last clicked row to this one. */
  range: boolean;
  /** Ctrl/Cmd: add or remove this one, keep the rest. */
  toggle: boolean;
}

/**
 * The books picked in the current list: some rows of the loaded pages by id, or every book the
 * query matches (across all pages, never loaded into the window), as the user chose.
 */
export class BookSelectionState {
  readonly ids = new SvelteSet<number>();
  /** Every book the query matches, whether loaded or not. */
  allMatching = $state(false);
  /** The row a Shift-click extends from. */
  #anchor: number | null = null;

  /** How many books a change would touch, given how many the query matches. */
  count(total: number): number {
    return this.allMatching ? total : this.ids.size;
  }

  has(id: number): boolean {
    return this.allMatching || this.ids.has(id);
  }

  /** Applies a click on `ids[index]` of the visible rows `ids`. */
  pick(ids: readonly number[], index: number, gesture: SelectGesture): void {
    const id = ids[index];
    if (id === undefined) return;
    if (this.allMatching) this.#keepOnly(ids);
    if (gesture.range && this.#anchor !== null) {
      const from = ids.indexOf(this.#anchor);
      if (from >= 0) {
        if (!gesture.toggle) this.ids.clear();
        const [lo, hi] = from < index ? [from, index] : [index, from];
        for (const each of ids.slice(lo, hi + 1)) this.ids.add(each);
        return;
      }
    }
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.#anchor = id;
  }

  /** Selects the visible rows, or clears them when all of them already are. */
  toggleVisible(ids: readonly number[]): void {
    if (ids.length > 0 && ids.every((id) => this.has(id))) {
      this.clear();
      return;
    }
    for (const id of ids) this.ids.add(id);
  }

  selectAllMatching(): void {
    this.allMatching = true;
    this.ids.clear();
  }

  clear(): void {
    this.allMatching = false;
    this.ids.clear();
    this.#anchor = null;
  }

  /** What a bulk change applies to: the picked ids, or everything `query` matches. */
  target(query: BookQuery): BookSelection {
    return this.allMatching ? { ids: null, matching: { ...query, page: 1 } } : { ids: [...this.ids], matching: null };
  }

  #keepOnly(ids: readonly number[]): void {
    this.allMatching = false;
    this.ids.clear();
    for (const id of ids) this.ids.add(id);
  }
}
