import type { InputEvent, OutputDataOf, OutputDraft, OutputType } from '@dealerflow/contracts';
import { outputDataSchemas } from '@dealerflow/contracts';
import type { CalendarPolicy } from '../calendar';
import { createPipeline, type AnyWorker, type EmittedOutput, type WorkerName } from '../pipeline';

export { createEventBuilder, type EventBuilder } from '@dealerflow/contracts/testing';

/** An output as a scenario test sees it: who it is for, its type and data. */
export interface ScenarioOutput {
  dealerId: string;
  type: OutputType;
  data: OutputDraft['data'];
}

/**
 * Runs workers over events in memory the way the replay does (watermark, day changes, duplicates,
 * key dealers first) and returns what they decided. Every output is checked against its contract
 * schema, so a scenario fails when a rule emits something the contract does not allow.
 */
export function createScenario(options: { workers: readonly AnyWorker[]; policies?: Partial<Record<WorkerName, unknown>>; calendar?: CalendarPolicy }) {
  const pipeline = createPipeline(options);
  const all: ScenarioOutput[] = [];

  function toScenarioOutput(emitted: EmittedOutput): ScenarioOutput {
    const schema = outputDataSchemas[emitted.output.type];
    const checked = schema.safeParse(emitted.output.data);
    if (!checked.success) {
      throw new Error(`${emitted.output.type} breaks its contract: ${checked.error.message}`);
    }
    return { dealerId: emitted.dealerId, type: emitted.output.type, data: emitted.output.data };
  }

  return {
    pipeline,
    /** Feeds events in order and returns the outputs they caused. */
    feed(...events: InputEvent[]): ScenarioOutput[] {
      const outputs = events.flatMap((event) => pipeline.accept(event).outputs.map(toScenarioOutput));
      all.push(...outputs);
      return outputs;
    },
    /** Every output since the scenario began. */
    outputs(): readonly ScenarioOutput[] {
      return all;
    },
    /** Outputs of one type since the scenario began, their data typed. */
    outputsOf<T extends OutputType>(type: T): OutputDataOf<T>[] {
      return all.filter((output) => output.type === type).map((output) => output.data as OutputDataOf<T>);
    },
  };
}
