import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const REPO_ROOT = join(import.meta.dirname, '../../..');

// Built from pieces so that this file does not name them itself.
const OUTSIDE_PATHS = [['..', 'shared'].join('/'), ['shared', 'contract'].join('/')];

const inGitCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO_ROOT }).status === 0;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((path) => path !== '' && !path.split('/').includes('node_modules'));
}

/** A file's bytes, a symlink's target, or nothing for a tracked file deleted from the work tree. */
function contentOf(path: string): Buffer | undefined {
  const file = join(REPO_ROOT, path);
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    return undefined;
  }
  if (stats.isSymbolicLink()) return Buffer.from(readlinkSync(file));
  return stats.isFile() ? readFileSync(file) : undefined;
}

// Users clone this repository alone: nothing in it may lean on files beside it.
it.skipIf(!inGitCheckout)('no tracked file points outside the repository at the old shared contract', () => {
  const files = trackedFiles();
  expect(files.length).toBeGreaterThan(0);
  const offenders = files.flatMap((path) => {
    const content = contentOf(path);
    return OUTSIDE_PATHS.filter((outside) => content?.includes(outside)).map((outside) => `${path} names ${outside}`);
  });
  expect(offenders).toEqual([]);
});
