import { readFile } from 'node:fs/promises';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  /** `name (file:line)`, the file relative to the repository when it is in it. */
  where: string;
  selfMs: number;
  selfPercent: number;
}

/** The functions with the most self time in a `node --cpu-prof` profile, most first. */
export async function summarizeCpuProfile(path: string, top = 15): Promise<HotFunction[]> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const frame = frameOf.get(nodeId);
    if (!frame) return;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/(packages|services|node_modules)\//, '$1/');
    const where = `${frame.functionName || '(anonymous)'}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`;
    selfUs.set(where, (selfUs.get(where) ?? 0) + delta);
    totalUs += delta;
  });
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => ({ where, selfMs: Math.round(us / 1000), selfPercent: totalUs === 0 ? 0 : Math.round((us / totalUs) * 1000) / 10 }));
}
