import { readFile } from 'node:fs/promises';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** A function as `name (file)`, or a file; files relative to the repository when they are in it. */
  where: string;
  selfMs: number;
  selfPercent: number;
}

export interface ProfileSummary {
  functions: HotSpot[];
  files: HotSpot[];
}

/**
 * The functions and the files with the most self time in a `node --cpu-prof` profile, most first.
 * No line numbers: under tsx they point into the compiled module, not the source.
 */
export async function summarizeCpuProfile(path: string, top = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  const add = (table: Map<string, number>, key: string, us: number) => table.set(key, (table.get(key) ?? 0) + us);
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const frame = frameOf.get(nodeId);
    if (!frame) return;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/(packages|services|node_modules)\//, '$1/');
    add(byFunction, `${frame.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`, delta);
    add(byFile, file || `(${frame.functionName || 'native'})`, delta);
    totalUs += delta;
  });
  const rank = (table: Map<string, number>) =>
    [...table.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ where, selfMs: Math.round(us / 1000), selfPercent: totalUs === 0 ? 0 : Math.round((us / totalUs) * 1000) / 10 }));
  return { functions: rank(byFunction), files: rank(byFile) };
}
