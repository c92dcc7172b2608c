import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../src/embedded/groupCommit';

/** A request of a few named items; a commit answers each request with the items it got, and remembers its groups. */
interface Request {
  name: string;
  items: string[];
}

function fakeCommit(options: { maxItems?: number; failWhen?: (group: readonly Request[]) => Error | undefined } = {}) {
  const groups: string[][] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> | undefined;
  const submit = createGroupCommit<Request, string>(
    async (requests) => {
      groups.push(requests.map((request) => request.name));
      if (gate !== undefined) await gate;
      const error = options.failWhen?.(requests);
      if (error !== undefined) throw error;
      return requests.map((request) => `${request.name}:${request.items.join('+')}`);
    },
    { sizeOf: (request) => request.items.length, maxItems: options.maxItems ?? 100, retryAlone: (error) => (error as { code?: string }).code === '22P05' },
  );
  return {
    submit,
    groups,
    /** Holds the next commits until `open()`: what arrives meanwhile queues. */
    hold() {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    open() {
      gate = undefined;
      release();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('commits what arrives while a commit runs together in the next one, each caller getting its own result', async () => {
    const commits = fakeCommit();
    commits.hold();
    const first = commits.submit({ name: 'a', items: ['1'] });
    await tick();
    const queued = ['b', 'c', 'd'].map((name) => commits.submit({ name, items: [name.toUpperCase()] }));
    await tick();
    expect(commits.groups).toEqual([['a']]);
    commits.open();
    expect(await first).toBe('a:1');
    expect(await Promise.all(queued)).toEqual(['b:B', 'c:C', 'd:D']);
    expect(commits.groups).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('starts the requests of one turn of the event loop together, and one alone at once', async () => {
    const commits = fakeCommit();
    expect(await Promise.all([commits.submit({ name: 'a', items: ['1'] }), commits.submit({ name: 'b', items: ['2'] })])).toEqual(['a:1', 'b:2']);
    expect(await commits.submit({ name: 'c', items: ['3'] })).toBe('c:3');
    expect(commits.groups).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps a commit within maxItems, in arrival order, and lets a larger request commit alone', async () => {
    const commits = fakeCommit({ maxItems: 4 });
    const results = await Promise.all([
      commits.submit({ name: 'a', items: ['1', '2'] }),
      commits.submit({ name: 'b', items: ['3', '4'] }),
      commits.submit({ name: 'c', items: ['5'] }),
      commits.submit({ name: 'big', items: ['6', '7', '8', '9', '10'] }),
      commits.submit({ name: 'd', items: ['11'] }),
    ]);
    expect(results).toEqual(['a:1+2', 'b:3+4', 'c:5', 'big:6+7+8+9+10', 'd:11']);
    expect(commits.groups).toEqual([['a', 'b'], ['c'], ['big'], ['d']]);
  });

  it('tries a group again one request at a time when one of them cannot be stored: only that one fails', async () => {
    const unstorable = Object.assign(new Error('invalid byte sequence'), { code: '22P05' });
    const commits = fakeCommit({ failWhen: (group) => (group.some((request) => request.name === 'bad') ? unstorable : undefined) });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((name) => commits.submit({ name, items: ['x'] })));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'a:x' },
      { status: 'rejected', reason: unstorable },
      { status: 'fulfilled', value: 'c:x' },
    ]);
    expect(commits.groups).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails every request of a group together when the database is away, without trying each again', async () => {
    const away = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    let down = true;
    const commits = fakeCommit({ failWhen: () => (down ? away : undefined) });
    const settled = await Promise.allSettled(['a', 'b'].map((name) => commits.submit({ name, items: ['x'] })));
    expect(settled).toEqual([
      { status: 'rejected', reason: away },
      { status: 'rejected', reason: away },
    ]);
    expect(commits.groups).toEqual([['a', 'b']]);
    // The queue is not stuck on a failure: once the database is back, the next request commits.
    down = false;
    expect(await commits.submit({ name: 'c', items: ['y'] })).toBe('c:y');
  });
});
