import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '@dealerflow/db';

/**
 * Creates and migrates a PGlite data folder in a process of its own. Why: PGlite's initdb, which a
 * fresh folder needs once, peaks at about 900 MiB of RSS that stays reserved in the process that ran
 * it (measured: open of a fresh folder 930 MiB, reopening it in a new process 225 MiB). A runtime
 * restarts on an existing folder, so the bench measures that, not the one-off initdb.
 */
export async function preparePgliteFolder(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`preparing the PGlite folder ${dataDir} failed (exit code ${code})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const database = await openDatabase({ dataDir: process.argv[2] });
  await database.close();
}
