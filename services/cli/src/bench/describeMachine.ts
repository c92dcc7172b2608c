import { arch, availableParallelism, cpus, platform, totalmem } from 'node:os';

/** The machine the figures belong to: CPU model, cores, memory, Node version. */
export function describeMachine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${availableParallelism()} cores, ${memoryGiB} GiB RAM, Node ${process.version}, ${platform()} ${arch()}`;
}
