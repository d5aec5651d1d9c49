/** Requests between the shell and a page, such as "focus the library search" from Ctrl/Cmd+K. */
export class ShellState {
  searchFocusPending = $state(false);

  requestSearchFocus(): void {
    this.searchFocusPending = true;
  }

  /** True once per request: the page that focuses the search box calls it. */
  takeSearchFocus(): boolean {
    if (!this.searchFocusPending) return false;
    this.searchFocusPending = false;
    return true;
  }
}
