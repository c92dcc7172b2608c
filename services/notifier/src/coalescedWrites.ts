/**
 * Many deliveries finish at once, and each must know its write is committed before its job is let
 * go. Calls that arrive while a write is being prepared or runs are gathered into the next `flush`,
 * so the database sees one statement per burst instead of one per call; each caller's promise
 * settles with the flush that carried its item.
 */
export function createCoalescedWrites<T>(flush: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  async function flushAll(): Promise<void> {
    // Let the deliveries that finish in this turn of the event loop join the first flush.
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await flush(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    flushing = undefined;
  }

  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      flushing ??= flushAll();
    });
}
