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
  'prompts.preview': {
    input: { target: 'story', overrides: { 'planning_protocol.md': '# Edited, unsaved' } },
    output: {
      target: 'story',
      label: 'Story narrator (StoryModeAgent)',
      entry: 'game_state_instruction.md',
      text: '# Story mode\n{}\n',
      segments: [
        { start: 0, end: 13, source: { kind: 'template', file: 'game_state_instruction.md', line: 7 } },
        { start: 13, end: 15, source: { kind: 'schema', name: 'PLANNING_BLOCK_SCHEMA', hash: 'faaa8453177af43e' } },
        { start: 15, end: 16, source: { kind: 'runtime', name: 'PLAYER_INPUT' } },
      ],
      schemaHashes: { PLANNING_BLOCK_SCHEMA: 'faaa8453177af43e' },
      tokenEstimate: 8,
      diagnostics: [{ file: 'a.md', line: 3, column: 7, severity: 'error', code: 'UNKNOWN_PLACEHOLDER', message: '{{X}} is unknown' }],
      error: null,
    },
  },
  'prompts.lint': {
    input: {},
    output: { diagnostics: [{ file: 'b.md', line: 1, column: 1, severity: 'warning', code: 'DUPLICATE_RULE', message: 'twice' }] },
  },
  'prompts.placeholders': {
    input: {},
    output: { placeholders: [{ name: 'WORLD_STATE', kind: 'runtime', description: 'The world state' }] },
  },
};

export const eventFixtures: { [E in EventName]: EventPayload<E>[] } = {
  'prompts.changed': [
    { name: 'planning_protocol.md', version: VERSION },
    { name: 'old.md', version: null },
  ],
};
