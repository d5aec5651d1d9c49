import type { BookRow, BookStatus } from "$lib/ipc/client";
import { USER_STATUSES, booksCount, statusLabel } from "$lib/format/status";
import type { MenuItem } from "$lib/components/ui/ContextMenu.svelte";

/** What the menu's entries do; the table that shows the menu supplies them. */
export interface BookMenuActions {
  open: (href: string) => void;
  /** Sets the status of the book, or of every selected book when `selected` > 1. */
  setStatus: (status: BookStatus) => void;
  copy: (text: string, what: string) => void;
  /** How many books a status change would touch (the selection when this book is part of it). */
  selected: number;
}

/** The right-click menu of a book: open it, set its status, go to its people, copy its ids. */
export function bookMenu(book: BookRow, act: BookMenuActions): MenuItem[] {
  const many = act.selected > 1;
  const items: MenuItem[] = [
    { label: "Open", run: () => act.open(`/books/${book.id}`), testId: "menu-open" },
    {
      label: many ? `Set status of ${booksCount(act.selected)}` : "Set status",
      testId: "menu-status",
      items: USER_STATUSES.map((status) => ({
        label: statusLabel(status),
        disabled: !many && status === book.status,
        run: () => act.setStatus(status),
        testId: `menu-status-${status}`,
      })),
    },
  ];
  book.authors.forEach((name, i) => {
    const id = book.authorIds[i];
    if (id !== undefined && i < 3) items.push({ label: `Author: ${name}`, run: () => act.open(`/authors/${id}`) });
  });
  for (const entry of book.series.slice(0, 3)) {
    items.push({ label: `Series: ${entry.name}`, run: () => act.open(`/series/${entry.id}`) });
  }
  if (book.asin) {
    const asin = book.asin;
    items.push({ label: "Copy ASIN", run: () => act.copy(asin, "ASIN"), testId: "menu-copy-asin" });
  }
  items.push({ label: "Copy title", run: () => act.copy(book.title, "Title"), testId: "menu-copy-title" });
  return items;
}
