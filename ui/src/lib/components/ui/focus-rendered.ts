import { tick } from "svelte";

/**
 * Focuses the element `selector` finds in `container` once it exists. A virtual list renders a
 * far row only after it has seen the scroll that brings it into view, which may take a few frames;
 * focusing at once would find nothing and leave focus on the row that scrolled away.
 */
export async function focusWhenRendered(container: HTMLElement | null, selector: string, frames = 10): Promise<void> {
  for (let frame = 0; frame < frames; frame++) {
    await tick();
    const element = container?.querySelector<HTMLElement>(selector);
    if (element) {
      element.focus({ preventScroll: true });
      return;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
