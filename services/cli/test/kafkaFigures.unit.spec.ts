import { describe, expect, it } from 'vitest';
import { judgeGoals } from '../src/bench';
import { formatKafkaFigures } from '../src/bench/formatKafkaFigures';
import type { KafkaFigures } from '../src/bench/measureKafkaWorkers';
import type { PhaseResult } from '../src/bench/phases';

const run = (processes: number, eventsPerSecond: number) => ({ processes, eventsPerSecond, seconds: 2, cpuSeconds: 1, peakRssMiB: 250, batches: 24, applications: 60, relayed: 36_000, serviceCpuSeconds: 2, applied: eventsPerSecond * 2 * 1.5 });

function figures(cores: number, twoOfStock: number): KafkaFigures {
  return {
    partitions: 12,
    cores,
    relayEventsPerSecond: 8_000,
    workers: [
      { worker: 'credit', one: run(1, 6_000), two: run(2, 11_000) },
      { worker: 'stock', one: run(1, 3_000), two: run(2, twoOfStock) },
    ],
  };
}

const resultOf = (kafka: KafkaFigures): PhaseResult => ({ phase: 'kafka', events: 15_000, seconds: 5, eventsPerSecond: 3_000, peakRssMiB: 250, kafka });

describe('the kafka phase’s figures', () => {
  it('prints each worker with one and two processes, their ratio, events applied per CPU second since the services started, timed seconds, batches, commits and rows relayed per 1 000 events, and judges the goal by the lowest ratio', () => {
    const text = formatKafkaFigures(figures(8, 5_100));
    expect(text).toMatch(/^ {2}credit +6000 events\/s +11000 events\/s +1\.83 × +9000 \/ 16500 +2\.00 \/ 2\.00 +2\.0 \/ 1\.1 +5\.0 \/ 2\.7 +3000\.0 \/ 1636\.4 +250 \/ 250$/m);
    expect(text).toMatch(/^ {2}stock +3000 events\/s +5100 events\/s +1\.70 ×/m);
    expect(text).toContain('kafka goal: two processes ≥ 1.6 × one: met (lowest 1.70 ×)');
    expect(judgeGoals(resultOf(figures(8, 5_100)), {}, false)).toEqual([{ goal: '2 processes ≥ 1.6 × 1', met: true }]);
  });

  it('says NOT MET when one worker falls short, and why the machine cannot tell when it has too few cores', () => {
    const text = formatKafkaFigures(figures(2, 3_300));
    expect(text).toContain('kafka goal: two processes ≥ 1.6 × one: NOT MET (lowest 1.10 ×) (this machine has 2 cores');
    expect(judgeGoals(resultOf(figures(2, 3_300)), {}, false)).toEqual([{ goal: '2 processes ≥ 1.6 × 1', met: false }]);
  });
});
