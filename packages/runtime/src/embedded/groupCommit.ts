export interface GroupCommitOptions<Request> {
  /** Items a request carries (a commit takes requests in order while their sum stays within `maxItems`). */
  sizeOf(request: Request): number;
  /** Items per commit at most; a request larger than this commits alone. */
  maxItems: number;
  /**
   * Whether a failed commit of several requests should be tried again one request at a time: for an
   * error that one request's content may have caused (the others must not fail with it). Not for an
   * unreachable database, where each would only fail again, one timeout after another.
   */
  retryAlone(error: unknown): boolean;
}

/**
 * Group commit: a small queue in front of a commit that takes many requests at once. While a commit
 * runs, the requests that arrive wait and then go together in the next one: under concurrent load the
 * commits grow and their number falls to what the database can do, with no timer and no added wait
 * when requests come one at a time. Each caller gets its own result (or its own error), in the order
 * the requests arrived. Requests that arrive in the same turn of the event loop start together.
 */
export function createGroupCommit<Request, Result>(
  commitAll: (requests: readonly Request[]) => Promise<Result[]>,
  options: GroupCommitOptions<Request>,
): (request: Request) => Promise<Result> {
  const waiting: Pending<Request, Result>[] = [];
  let running = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const group = takeGroup(waiting, options);
      await commitGroup(group);
      // Let the event loop read what arrived meanwhile (see below) before the next group is taken.
      await afterPendingIo();
    }
    running = false;
  }

  async function commitGroup(group: Pending<Request, Result>[]): Promise<void> {
    try {
      const results = await commitAll(group.map((pending) => pending.request));
      group.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      if (group.length === 1 || !options.retryAlone(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      for (const pending of group) await commitGroup([pending]);
    }
  }

  return (request) =>
    new Promise<Result>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      if (running) return;
      running = true;
      void afterPendingIo().then(drain);
    });
}

/**
 * Resolves after the event loop has handled the I/O that is ready (setImmediate runs after the poll
 * phase). On PGlite a commit runs on this thread, chained through promises that never return to the
 * event loop: requests that arrive meanwhile are only read after it. Waiting for the poll phase lets
 * them, and those ready now, join the group instead of committing one by one.
 */
function afterPendingIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Pending<Request, Result> {
  request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** The longest run of waiting requests, in order, whose items fit in one commit (at least one request). */
function takeGroup<Request, Result>(waiting: Pending<Request, Result>[], options: GroupCommitOptions<Request>): Pending<Request, Result>[] {
  let items = options.sizeOf(waiting[0]!.request);
  let count = 1;
  while (count < waiting.length) {
    const next = options.sizeOf(waiting[count]!.request);
    if (items + next > options.maxItems) break;
    items += next;
    count += 1;
  }
  return waiting.splice(0, count);
}
