import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/ipc/contract';

const VERSION = 'c0ffee'.padEnd(64, '0');

/** One valid input and output per method, and one payload per event. A new method without fixtures fails typecheck. */
export const methodFixtures: { [M in MethodName]: { input: MethodInput<M>; output: MethodOutput<M> } } = {
  'app.info': {
    input: {},
    output: { name: 'Narrative Workbench', version: '0.1.0', host: 'web', projectDir: '/home/writer/story' },
  },
  'prompts.list': {
    input: {},
    output: { files: [{ name: 'planning_protocol.md', version: VERSION, size: 1234, modifiedAt: '2026-11-22T10:00:00.000Z' }] },
  },
  'prompts.read': {
    input: { name: 'planning_protocol.md' },
    output: { name: 'planning_protocol.md', content: '# Planning protocol\n{{PLANNING_BLOCK_SCHEMA}}\n', version: VERSION },
  },
  'prompts.write': {
    input: { name: 'agents/strategic.md', content: 'text', baseVersion: null },
    output: { name: 'agents/strategic.md', version: VERSION },
  },
};

export const eventFixtures: { [E in EventName]: EventPayload<E>[] } = {
  'prompts.changed': [
    { name: 'planning_protocol.md', version: VERSION },
    { name: 'old.md', version: null },
  ],
};
