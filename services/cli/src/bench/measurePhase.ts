import { measureCeiling } from './measureCeiling';
import { measureIngest } from './measureIngest';
import { measureKafkaWorkers } from './measureKafkaWorkers';
import { measureLatency } from './measureLatency';
import { measureLoad, type LoadOptions } from './measureLoad';
import { measureNotify, type NotifyOptions } from './measureNotify';
import { measureReplay } from './measureReplay';
import { measureSustained } from './measureSustained';
import type { PhaseName, PhaseResult } from './phases';

export interface PhaseOptions {
  input: string;
  /** Items per append in the sustained and ingest phases. */
  appendSize: number;
  /** Events/s a latency phase feeds at; required for those. */
  rate: number | undefined;
  latencySeconds: number;
  /** The notify phases' sizes and Redis. */
  notify: NotifyOptions;
  /** The load phases' clients and duration. */
  load: LoadOptions;
}

/** Runs one phase in this process (the child side of `dealerflow bench`). */
export async function measurePhase(phase: PhaseName, options: PhaseOptions): Promise<PhaseResult> {
  switch (phase) {
    case 'ceiling':
      return measureCeiling(options.input);
    case 'replay':
      return measureReplay(options.input);
    case 'pglite-ingest':
    case 'postgres-ingest':
      return measureIngest(options.input, phase === 'pglite-ingest' ? 'pglite' : 'postgres', options.appendSize);
    case 'pglite':
    case 'postgres':
      return measureSustained(options.input, phase, options.appendSize);
    case 'pglite-latency':
    case 'postgres-latency': {
      if (options.rate === undefined || options.rate <= 0) throw new Error(`phase ${phase} needs --rate > 0`);
      return measureLatency(options.input, phase === 'pglite-latency' ? 'pglite' : 'postgres', {
        rate: options.rate,
        seconds: options.latencySeconds,
      });
    }
    case 'notify-bullmq':
      return measureNotify('bullmq', options.notify);
    case 'notify-inprocess':
      return measureNotify('inprocess', options.notify);
    case 'pglite-load':
    case 'postgres-load':
      return measureLoad(options.input, phase, phase === 'pglite-load' ? 'pglite' : 'postgres', options.load);
    case 'kafka':
      return measureKafkaWorkers(options.input, process.env);
    default: {
      const unreachable: never = phase;
      throw new Error(`unknown phase ${String(unreachable)}`);
    }
  }
}
