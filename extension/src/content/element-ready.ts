// Waits for an element with a MutationObserver tied to an AbortSignal (docs/: never setTimeout
// polling). Resolves with the element, or with null when the signal aborts first.

export function elementReady(
  selector: string,
  signal: AbortSignal,
  root: Document | Element = document,
): Promise<Element | null> {
  const existing = root.querySelector(selector);
  if (existing || signal.aborted) return Promise.resolve(existing);

  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const element = root.querySelector(selector);
      if (!element) return;
      stop();
      resolve(element);
    });
    const onAbort = (): void => {
      stop();
      resolve(null);
    };
    function stop(): void {
      observer.disconnect();
      signal.removeEventListener('abort', onAbort);
    }
    signal.addEventListener('abort', onAbort, { once: true });
    observer.observe(root, { childList: true, subtree: true });
  });
}
