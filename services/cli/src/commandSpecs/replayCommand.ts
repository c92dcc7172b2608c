import { defineCommand } from '../commandLine/commandSpec';

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'run every worker over an NDJSON file of input events (no server, no database)',
  description:
    'Runs every worker over an NDJSON file of input events, in file order, and writes every output (one envelope per line, with its topic) in the order it was emitted. A line that is not a valid event becomes a dead letter. Progress on stderr; at the end a summary of lines read, outputs per topic, duplicates and dead-lettered lines. Exit 0 even with dead letters, 1 for a bad option or policy file, 2 when a file cannot be read or written.',
  options: {
    input: { type: 'string', placeholder: 'FILE', required: true, description: 'the NDJSON file of input events' },
    output: { type: 'string', placeholder: 'FILE', required: true, description: 'where the outputs are written, one envelope per line' },
    policy: {
      type: 'string',
      placeholder: 'FILE',
      defaultText: 'none, every setting at its default',
      description: "operators' settings: a JSON object with one section per worker, see docs/policy.md",
    },
  },
});
