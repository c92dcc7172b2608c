import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src';
import { createRuntimeTasks } from '../src/embedded/runtimeTasks';
import type { TaskLease } from '../src/embedded/taskLease';

/** A lease another process holds until `letGo`, or this one from the start. */
function fakeLease(heldHere: boolean) {
  let release!: (held: boolean) => void;
  const acquired = new Promise<boolean>((resolve) => (release = resolve));
  let markLost!: (error: Error) => void;
  const lease: TaskLease = {
    tryAcquire: async () => heldHere,
    acquire: () => (heldHere ? Promise.resolve(true) : acquired),
    holds: () => heldHere,
    fence: async () => {},
    lost: new Promise<Error>((resolve) => (markLost = resolve)),
    close: async () => release(false),
  };
  return { lease, letGo: () => release(true), lose: () => markLost(new Error('lock connection lost')) };
}

function recorder() {
  const log: string[] = [];
  return { log, part: (name: string) => ({ start: () => void log.push(`start ${name}`) }), reload: () => void log.push('reload') };
}

describe('which process runs the runtime’s tasks', () => {
  it('starts them at once where the lease was held at open, without reading the runner again', async () => {
    const { lease } = fakeLease(true);
    const { log, part, reload } = recorder();
    const tasks = createRuntimeTasks({ runTasks: true, lease, heldAtOpen: true, reload, parts: [part('runner'), part('board')], logger: silentLogger });
    expect(tasks.running()).toBe(true);
    tasks.start();
    expect(await tasks.started).toBe(true);
    expect(log).toEqual(['start runner', 'start board']);
  });

  it('a standby starts nothing until it takes the lease over, then reads the runner again before it starts', async () => {
    const { lease, letGo } = fakeLease(false);
    const { log, part, reload } = recorder();
    const tasks = createRuntimeTasks({ runTasks: true, lease, heldAtOpen: false, reload, parts: [part('runner'), part('board')], logger: silentLogger });
    tasks.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tasks.running()).toBe(false);
    expect(log).toEqual([]);
    letGo();
    expect(await tasks.started).toBe(true);
    expect(tasks.running()).toBe(true);
    expect(log).toEqual(['reload', 'start runner', 'start board']);
  });

  it('a standby closed before its turn never starts them; a process that runs no tasks never does', async () => {
    const standby = fakeLease(false);
    const { log, part, reload } = recorder();
    const waiting = createRuntimeTasks({ runTasks: true, lease: standby.lease, heldAtOpen: false, reload, parts: [part('runner')], logger: silentLogger });
    waiting.start();
    waiting.close();
    await standby.lease.close();
    expect(await waiting.started).toBe(false);

    const ingestOnly = createRuntimeTasks({ runTasks: false, lease: fakeLease(true).lease, heldAtOpen: false, reload, parts: [part('runner')], logger: silentLogger });
    ingestOnly.start();
    expect(await ingestOnly.started).toBe(false);
    expect(ingestOnly.running()).toBe(false);
    expect(log).toEqual([]);
  });

  it('stops counting itself the runner when its lease is lost', async () => {
    const { lease, lose } = fakeLease(true);
    const { part, reload } = recorder();
    const tasks = createRuntimeTasks({ runTasks: true, lease, heldAtOpen: true, reload, parts: [part('runner')], logger: silentLogger });
    tasks.start();
    lose();
    await expect(tasks.lost).resolves.toBeInstanceOf(Error);
    expect(tasks.running()).toBe(false);
  });
});
