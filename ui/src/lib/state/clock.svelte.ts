/** The current time for "5 min ago" labels, moved on once a minute so they stay true. */
export class Clock {
  now = $state(new Date());

  /** Starts ticking; returns the function that stops it. */
  start(intervalMs = 30_000): () => void {
    const handle = setInterval(() => (this.now = new Date()), intervalMs);
    return () => clearInterval(handle);
  }
}
