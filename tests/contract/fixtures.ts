import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/ipc/contract';
import type { CrossAgentStep } from '../../shared/schemas/plans/cross-agent';
import type { PlaytestRun } from '../../shared/ipc/playtest-methods';
import type { StoredTurn } from '../../shared/schemas/session';
import { caseOf, failedOf, reportOf } from '../support/playtest-reports';

/** The cross-agent request both of a request step's events carry. */
const ASK_STORY = {
  id: 'ask_story',
  from: 'orchestrator',
  target_agent: 'strategic',
  request: { type: 'AnalyzeNarrative', text: 'x' },
  timeout_ms: 2_000,
  depends_on: [],
} satisfies CrossAgentStep;

const VERSION = 'c0ffee'.padEnd(64, '0');
const SESSION = '6f1c0c47-6d0e-4a59-9d0e-0c3a7d1e2f10';
const BRANCH = '0d9a8f61-77a2-4f0e-8d1c-5b2b1f7c9e01';
const TURN = 'a3c1e2f4-1b2c-4d5e-8f90-123456789abc';
const AT = '2026-11-22T10:00:00.000Z';
const SUMMARY = {
  id: SESSION,
  title: 'Heist night',
  project: '/home/writer/story',
  model: 'Scripted (offline, deterministic)',
  architecture: 'distributed',
  seed: 7,
  createdAt: AT,
  turns: 1,
  branches: 1,
  mainBranchId: BRANCH,
  forkedFrom: null,
  keptBy: 'keyfile',
  locked: false,
  tags: ['pacing'] as string[],
} as const;
const BRANCH_INFO = {
  id: BRANCH,
  name: 'main',
  parentBranchId: null,
  forkTurnIndex: null,
  createdAt: AT,
  turns: 1,
  kind: 'branch' as const,
};
const ALTERNATIVE = '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b';
const BRANCH_B = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const ENTRY = {
  id: TURN,
  branchId: BRANCH,
  index: 0,
  mode: 'story' as const,
  agent: 'StoryModeAgent' as const,
  input: 'I wait.',
  narrative: 'Rain.',
  clock: 'Day 1, 21:01',
  worldTimeUs: 60_000_000,
  turnCounter: 1,
  timeFrozen: false,
  warnings: [],
  errors: [],
  model: 'Scripted (offline, deterministic)',
  createdAt: AT,
};
// No maxTokens: each agent's schema sets its budget. The local model caps it, as a user may.
const SAMPLING = { temperature: 0.7 };
const MODEL_SETUP = {
  default: {
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:11434/v1',
    model: 'llama3.2',
    structuredOutput: 'json-schema',
    sampling: SAMPLING,
  },
  agents: {
    perception: {
      provider: 'llama-cpp',
      modelPath: '/home/writer/models/qwen.gguf',
      gpu: false,
      contextSize: 8192,
      sampling: { ...SAMPLING, maxTokens: 4096 },
    },
  },
  recording: 'record-or-replay',
  orchestration: 'fixed',
} as const;
const NOTE = {
  id: 'b1d0c2e3-0000-4000-8000-000000000001',
  turnId: TURN,
  text: 'Ren is too quick to trust',
  tags: ['pacing'],
  createdAt: AT,
};

/** One valid input and output per method, and one payload per event. A new method without fixtures fails typecheck. */
const QUIET_TURN = {
  index: 0,
  input: 'I wait.',
  mode: 'story' as const,
  agent: 'StoryModeAgent' as const,
  intent: 'story' as const,
  timeFrozen: false,
  worldTimeUs: 60_000_000,
  turnCounter: 1,
  clock: 'Day 1, 21:01',
  narrative: 'Rain.',
  planningBlock: null,
  response: null,
  warnings: [],
  errors: [],
  plans: {},
  stateChanges: [],
  architecture: 'distributed' as const,
  model: 'Scripted',
  promptSetHash: VERSION,
  trace: [],
  audit: [],
};
const DIGEST = {
  mode: 'story' as const,
  narrative: 'Rain.',
  clock: 'Day 1, 21:01',
  timeFrozen: false,
  choices: ['Wait and watch'],
  warnings: [],
  planned: ['orchestrator', 'tactical'],
  stateChanges: 0,
  calls: [
    {
      stepId: 't0.s4',
      agent: 'orchestrator' as const,
      model: 'llama3.2 (127.0.0.1:11434)',
      answeredBy: { provider: 'openai-compatible' as const, name: 'llama3.2' },
      promptTokens: 1_200,
      cachedPromptTokens: 900,
      completionTokens: 80,
      durationMs: 412.5,
      replayed: false,
    },
  ],
};

const PLAYTEST_RUN: PlaytestRun = {
  runId: '20261130T070000Z-3f9c1a',
  suite: 'examples/playtests',
  startedAt: '2026-11-30T07:00:00.000Z',
  status: 'failed',
  done: 2,
  total: 2,
  summary: { cases: 2, passed: 1, failed: 1, errored: 0, assertions: 2, failedAssertions: 1 },
  drafts: ['planning_protocol.md'],
};
const PLAYTEST_CASE = caseOf('gate.play.yaml', {
  assertions: [failedOf('turns[1].expect.choices', 1)],
  combination: { prompts: 'project + drafts' },
});

const STORED_TURN = {
  id: TURN,
  sessionId: SESSION,
  branchId: BRANCH,
  parentTurnId: null,
  createdAt: AT,
  result: QUIET_TURN,
  world: {
    title: 'The Harbor Heist',
    start: { day: 1, minuteOfDay: 1260 },
    clock: { worldTimeUs: 60_000_000, turn: 1 },
    player: 'mara',
    locations: { docks: { name: 'the Docks', description: 'Wet planks.', aliases: [], exits: [], tags: [] } },
    entities: {
      mara: { name: 'Mara', kind: 'person', description: '', aliases: [], location: 'docks', traits: [] },
    },
    inventory: {},
    relationships: [],
    story: {
      arc: 'One night, one vault.',
      acts: [{ name: 'The plan', goal: 'Get in' }],
      act: 0,
      themes: [],
      tension: 1,
    },
  },
  promptsSent: [{ stepId: 't0.s4', hash: VERSION, prompt: '# Orchestrator' }],
  notes: [NOTE],
} satisfies StoredTurn;

export const methodFixtures: { [M in MethodName]: { input: MethodInput<M>; output: MethodOutput<M> } } = {
  'app.info': {
    input: {},
    output: { name: 'Narrative Workbench', version: '0.1.0', host: 'web', projectDir: '/home/writer/story' },
  },
  'prompts.list': {
    input: {},
    output: {
      files: [{ name: 'planning_protocol.md', version: VERSION, size: 1234, modifiedAt: '2026-11-22T10:00:00.000Z' }],
      problems: [{ path: 'loop', message: 'a link back into the prompts folder (a loop); not followed' }],
    },
  },
  'prompts.read': {
    input: { name: 'planning_protocol.md' },
    output: {
      name: 'planning_protocol.md',
      content: '# Planning protocol\n{{PLANNING_BLOCK_SCHEMA}}\n',
      version: VERSION,
    },
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
      diagnostics: [
        {
          file: 'a.md',
          line: 3,
          column: 7,
          severity: 'error',
          code: 'UNKNOWN_PLACEHOLDER',
          message: '{{X}} is unknown',
        },
      ],
      error: null,
      fileTargets: { 'game_state_instruction.md': ['story'], 'planning_protocol.md': ['story', 'think'] },
    },
  },
  'prompts.lint': {
    input: {},
    output: {
      diagnostics: [
        { file: 'b.md', line: 1, column: 1, severity: 'warning', code: 'DUPLICATE_RULE', message: 'twice' },
      ],
    },
  },
  'prompts.placeholders': {
    input: {},
    output: { placeholders: [{ name: 'WORLD_STATE', kind: 'runtime', description: 'The world state' }] },
  },
  'drafts.list': {
    input: {},
    output: { drafts: [{ name: 'planning_protocol.md', text: '# Mine', baseVersion: VERSION, savedAt: AT }] },
  },
  'drafts.keep': {
    input: { name: 'planning_protocol.md', text: '# Mine', baseVersion: null },
    output: { name: 'planning_protocol.md', text: '# Mine', baseVersion: null, savedAt: AT },
  },
  'drafts.drop': { input: { name: 'planning_protocol.md' }, output: { dropped: true } },
  'sessions.create': {
    input: { title: 'Heist night', architecture: 'centralized', seed: 7 },
    output: {
      sessionId: SESSION,
      branchId: BRANCH,
      title: 'Heist night',
      architecture: 'centralized',
      seed: 7,
      model: 'Scripted (offline, deterministic)',
      clock: 'Day 1, 21:00',
    },
  },
  'turns.play': {
    input: { sessionId: '6f1c0c47-6d0e-4a59-9d0e-0c3a7d1e2f10', input: 'THINK: how do I get past Ren?', mode: 'think' },
    output: {
      turnId: TURN,
      branchId: BRANCH,
      index: 2,
      input: 'THINK: how do I get past Ren?',
      mode: 'think',
      agent: 'PlanningAgent',
      timeFrozen: true,
      worldTimeUs: 420_000_001,
      turnCounter: 2,
      clock: 'Day 1, 21:07',
      narrative: 'You hold still and let the moment wait.',
      warnings: [
        { code: 'INTENT_MISSING', message: 'The planning block had no intent; used "think" from the turn\'s mode.' },
      ],
      errors: [],
      model: 'Scripted (offline, deterministic)',
      createdAt: AT,
      planningBlock: {
        intent: 'think',
        choices: { wait_watch: { text: 'Wait and watch', description: 'See who moves first.', risk_level: 'safe' } },
      },
      architecture: 'distributed',
      stateChanges: [{ kind: 'move', entity: 'mara', to: 'harbor_gate' }],
      audit: [
        {
          seq: 4,
          at: '2026-11-22T10:00:00.000Z',
          turn: 2,
          agent: 'tactical',
          kind: 'tool_access_refused',
          stepId: 't2.s2',
          detail: { tool: 'propose_state_update', owner: 'perception' },
        },
      ],
      trace: [
        { id: 't2.s1', parentId: null, agent: 'engine', kind: 'turn', label: 'Turn 3', status: 'ok' },
        {
          id: 't2.s2',
          parentId: 't2.s1',
          agent: 'tactical',
          kind: 'validation',
          label: 'Check TacticalPlan',
          status: 'refused',
        },
      ],
    },
  },
  'sessions.list': { input: {}, output: { sessions: [SUMMARY] } },
  'sessions.get': {
    input: { sessionId: SESSION },
    output: {
      session: SUMMARY,
      branches: [BRANCH_INFO],
      start: { clock: 'Day 1, 21:00', worldTimeUs: 0, turnCounter: 0 },
    },
  },
  'sessions.timeline': {
    input: { sessionId: SESSION, from: 0, limit: 50 },
    output: {
      sessionId: SESSION,
      branchId: BRANCH,
      total: 1,
      from: 0,
      entries: [
        {
          id: TURN,
          branchId: BRANCH,
          index: 0,
          mode: 'story',
          agent: 'StoryModeAgent',
          input: 'I wait.',
          narrative: 'Rain.',
          clock: 'Day 1, 21:01',
          worldTimeUs: 60_000_000,
          turnCounter: 1,
          timeFrozen: false,
          warnings: [],
          errors: [],
          model: 'Scripted (offline, deterministic)',
          createdAt: AT,
        },
      ],
    },
  },
  'sessions.fork': {
    input: { sessionId: SESSION, turnId: TURN },
    output: { ...SUMMARY, forkedFrom: { sessionId: SESSION, turnId: TURN } },
  },
  'sessions.branch': {
    input: { sessionId: SESSION, turnId: TURN, name: 'what if' },
    output: { ...BRANCH_INFO, name: 'what if', parentBranchId: BRANCH, forkTurnIndex: 0 },
  },
  'sessions.delete': { input: { sessionId: SESSION }, output: { sessionId: SESSION } },
  'sessions.export': {
    input: { sessionId: SESSION, passphrase: 'correct horse battery' },
    output: {
      fileName: 'heist-night-6f1c0c47.sealed.nwsession',
      base64: 'eyJmb3JtYXQiOiJuYXJyYXRpdmUtd29ya2JlbmNoL3Nlc3Npb24rc2VhbGVkIn0K',
      sealed: true,
    },
  },
  'sessions.import': { input: { base64: 'eyJmb3JtYXQiOiJuYXJyYXRpdmUtd29ya2JlbmNoL3Nlc3Npb24ifQo=' }, output: SUMMARY },
  'turns.get': {
    input: { sessionId: SESSION, turnId: TURN },
    output: STORED_TURN,
  },
  'turns.last': { input: { sessionId: SESSION }, output: STORED_TURN },
  'notes.add': {
    input: { sessionId: SESSION, turnId: TURN, text: 'Ren is too quick to trust', tags: ['pacing'] },
    output: NOTE,
  },
  'notes.list': { input: { sessionId: SESSION }, output: { notes: [{ ...NOTE, turnIndex: 0 }] } },
  'notes.edit': {
    input: { sessionId: SESSION, noteId: NOTE.id, text: 'Ren trusts too quickly', tags: ['pacing', 'ren'] },
    output: { ...NOTE, text: 'Ren trusts too quickly', tags: ['pacing', 'ren'] },
  },
  'notes.delete': { input: { sessionId: SESSION, noteId: NOTE.id }, output: { deleted: true } },
  'sessions.search': {
    input: { sessionId: SESSION, query: 'ren', limit: 100 },
    output: {
      total: 2,
      hits: [
        {
          turnId: TURN,
          index: 0,
          field: 'narrative',
          noteId: null,
          start: 12,
          end: 15,
          snippet: { before: 'You find ', match: 'Ren', after: ' at the gate.' },
        },
      ],
    },
  },
  'turns.playAgain': {
    input: { sessionId: SESSION, input: 'I wait by the gate instead.' },
    output: {
      turnId: TURN,
      branchId: BRANCH,
      index: 0,
      input: 'I wait by the gate instead.',
      mode: 'story',
      agent: 'StoryModeAgent',
      timeFrozen: false,
      worldTimeUs: 60_000_000,
      turnCounter: 1,
      clock: 'Day 1, 21:01',
      narrative: 'Rain on the gate.',
      warnings: [],
      errors: [],
      model: 'gpt-4o-mini (api.openai.com)',
      createdAt: AT,
      planningBlock: null,
      architecture: 'distributed',
      stateChanges: [],
      audit: [],
      trace: [{ id: 't0.s1', parentId: null, agent: 'engine', kind: 'turn', label: 'Turn 1', status: 'ok' }],
    },
  },
  'turns.alternatives': {
    input: { sessionId: SESSION },
    output: {
      alternatives: {
        branchId: BRANCH,
        index: 0,
        chosen: 1,
        entries: [{ ...ENTRY, id: ALTERNATIVE, branchId: BRANCH_B, narrative: 'Thunder.' }, ENTRY],
      },
    },
  },
  'turns.choose': { input: { sessionId: SESSION, turnId: ALTERNATIVE }, output: { branchId: BRANCH, index: 0 } },
  'turns.delete': {
    input: { sessionId: SESSION, fromIndex: 0 },
    output: { branchId: BRANCH, turnIds: [TURN] },
  },
  'audit.verify': {
    input: { sessionId: SESSION },
    output: {
      ok: false,
      sessions: [
        {
          session: SESSION,
          entries: 12,
          ok: false,
          scheme: 'hmac-sha256',
          schemeNote: 'keyed',
          problems: [{ kind: 'edited', seq: 3, message: 'audit entry 3 was edited' }],
        },
      ],
    },
  },
  'turns.stop': { input: { sessionId: SESSION }, output: { stopped: true } },
  'turns.changes': {
    input: { sessionId: SESSION, turnId: TURN },
    output: {
      decisions: [
        {
          agent: 'tactical',
          text: '3 steps (find_spatial_context, roll_check); rolled stealth: 9 against 12, a failure.',
        },
      ],
      world: ['Moved from the Harbor Gate to the Docks', 'Tension 1 → 2'],
    },
  },
  'turns.promptSource': {
    input: { sessionId: SESSION, turnId: TURN, stepId: 't0.s4' },
    output: {
      segments: [
        { start: 0, end: 14, source: { kind: 'template', file: 'orchestrator.md', line: 1 } },
        { start: 14, end: 40, source: { kind: 'runtime', name: 'PLAYER_INPUT' } },
      ],
    },
  },
  'turns.rerun': {
    input: { sessionId: SESSION, turnId: TURN },
    output: { recorded: QUIET_TURN, rerun: { ...QUIET_TURN, narrative: 'Rain, harder.' } },
  },
  'sessions.compare': {
    input: { sessionId: SESSION, architecture: 'centralized', prompts: 'recorded', limit: 10 },
    output: {
      total: 1,
      turns: [{ index: 0, input: 'I wait.', recorded: DIGEST, variant: { ...DIGEST, planned: ['planner'] } }],
    },
  },
  'turns.paused': {
    input: { sessionId: SESSION },
    output: {
      paused: {
        step: {
          id: 't0.s5',
          parentId: 't0.s3',
          turn: 0,
          agent: 'orchestrator',
          kind: 'validation',
          label: 'Check OrchestrationPlan',
          status: 'running',
          startMs: 3.1,
          endMs: null,
          input: { attempt: 0 },
          output: null,
          warnings: [],
        },
        answer: { raw: '{}', schemaName: 'OrchestrationPlan', jsonSchema: { type: 'object' } },
      },
    },
  },
  'turns.continue': { input: { sessionId: SESSION, answer: '{"summary":"edited"}' }, output: { continued: true } },
  'audit.list': {
    input: { sessionId: SESSION, kind: 'tool_access_refused', agent: 'tactical', from: 0, limit: 50 },
    output: {
      total: 1,
      entries: [
        {
          seq: 4,
          at: AT,
          turn: 2,
          agent: 'tactical',
          kind: 'tool_access_refused',
          stepId: 't2.s2',
          detail: { tool: 'propose_state_update', owner: 'perception' },
          turnId: TURN,
        },
      ],
    },
  },
  'models.get': {
    input: {},
    output: {
      setup: MODEL_SETUP,
      keys: [{ id: 'openai-compatible http://127.0.0.1:11434/v1', hint: '…9f3a', updatedAt: AT }],
      localThreads: { threads: 1, reason: 'this process may use 2 cores; one core is left for the workbench' },
    },
  },
  'models.set': { input: { setup: MODEL_SETUP }, output: { setup: MODEL_SETUP } },
  'models.setKey': {
    input: { id: 'anthropic https://api.anthropic.com/v1', key: 'sk-ant-test-key' },
    output: { id: 'anthropic https://api.anthropic.com/v1', hint: '…-key', updatedAt: AT },
  },
  'models.deleteKey': { input: { id: 'anthropic https://api.anthropic.com/v1' }, output: {} },
  'models.test': {
    input: { settings: MODEL_SETUP.default },
    output: { ok: true, message: 'Connected to 127.0.0.1:11434: 2 models.', models: ['llama3.2', 'qwen2.5'] },
  },
  'models.detect': {
    input: { folder: '/home/writer/models' },
    output: {
      ollama: { baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] },
      gguf: [{ path: '/home/writer/models/qwen.gguf', size: 1_900_000_000 }],
    },
  },
  'models.prices': {
    input: {},
    output: { prices: { 'llama3.2': { input: 0.15, cachedInput: 0.075, output: 0.6 } } },
  },
  'models.setPrices': {
    input: { prices: { 'llama3.2': { input: 0.15, output: 0.6 } } },
    output: { prices: { 'llama3.2': { input: 0.15, output: 0.6 } } },
  },
  'sessions.usage': {
    input: { sessionId: SESSION, from: 0, limit: 100 },
    output: { total: 1, turns: [{ index: 0, turnId: TURN, calls: DIGEST.calls }] },
  },
  'playtests.suites': {
    input: {},
    output: {
      suites: [
        { path: 'examples/playtests', kind: 'folder', scripts: 7 },
        { path: 'playtests/nightly/playtest.yaml', kind: 'suite-file', scripts: null },
      ],
    },
  },
  'playtests.run': {
    input: { suite: 'playtests/none', seeds: [1, 2], architectures: ['centralized'], drafts: { 'x.md': 'Draft.' } },
    output: { ...PLAYTEST_RUN, status: 'running', done: 0, summary: null },
  },
  'playtests.follow': {
    input: { queue: 'redis://:secret@farm.lan:6379', run: 'nightly-42' },
    output: { ...PLAYTEST_RUN, status: 'running', done: 0, summary: null, drafts: [], farmRun: 'nightly-42' },
  },
  'playtests.stop': { input: { runId: PLAYTEST_RUN.runId }, output: { stopped: true } },
  'playtests.runs': { input: { suite: 'examples/playtests' }, output: { runs: [PLAYTEST_RUN] } },
  'playtests.report': {
    input: { runId: PLAYTEST_RUN.runId },
    output: {
      run: PLAYTEST_RUN,
      report: reportOf([PLAYTEST_CASE, caseOf('docks.play.yaml')]),
      previous: {
        run: { ...PLAYTEST_RUN, runId: '20261129T070000Z-0a0b0c', status: 'passed', drafts: [] },
        comparison: {
          baseline: { suite: 'examples/playtests', startedAt: '2026-11-29T07:00:00.000Z' },
          tolerances: { score: 0.1, tokens: 0.1, tokensFloor: 50, latency: 0.25, latencyFloorMs: 200 },
          regressions: [
            {
              caseId: PLAYTEST_CASE.id,
              kind: 'assertion',
              assertion: 'turns[1].expect.choices',
              turn: 1,
              before: 'passed',
              after: 'failed',
              detail: 'turns[1].expect.choices on turn 1 passed before and fails now',
            },
          ],
          improvements: [],
          newCases: [],
          missingCases: [],
          latencyNotCompared: ['scripted'],
        },
      },
    },
  },
};

export const eventFixtures: { [E in EventName]: EventPayload<E>[] } = {
  'prompts.changed': [
    { name: 'planning_protocol.md', version: VERSION },
    { name: 'old.md', version: null },
  ],
  'planning.stepRecorded': [
    {
      sessionId: 's1',
      step: {
        id: 't0.s3',
        parentId: 't0.s1',
        turn: 0,
        agent: 'orchestrator',
        kind: 'request',
        label: 'orchestrator → strategic: AnalyzeNarrative',
        status: 'running',
        startMs: 0.4,
        endMs: null,
        input: ASK_STORY,
        output: null,
        warnings: [],
      },
    },
    {
      sessionId: 's1',
      step: {
        id: 't0.s3',
        parentId: 't0.s1',
        turn: 0,
        agent: 'orchestrator',
        kind: 'request',
        label: 'orchestrator → strategic: AnalyzeNarrative',
        status: 'timeout',
        startMs: 0.4,
        endMs: 2000.9,
        input: ASK_STORY,
        output: { status: 'timeout', reason: 'late' },
        warnings: [{ code: 'REQUEST_TIMEOUT', message: 'late' }],
      },
    },
  ],
  'planning.narrativeWritten': [
    { sessionId: 's1', stepId: 't0.s21', offset: 0, text: 'Rain needles the harbor' },
    { sessionId: 's1', stepId: 't0.s21', offset: 23, text: ' as the gate swings open.' },
  ],
  'planning.paused': [
    {
      sessionId: 's1',
      step: {
        id: 't0.s5',
        parentId: 't0.s3',
        turn: 0,
        agent: 'orchestrator',
        kind: 'validation',
        label: 'Check OrchestrationPlan',
        status: 'running',
        startMs: 3.1,
        endMs: null,
        input: { attempt: 0 },
        output: null,
        warnings: [],
      },
      answer: { raw: '{"summary":"x"}', schemaName: 'OrchestrationPlan', jsonSchema: { type: 'object' } },
    },
    {
      sessionId: 's1',
      step: {
        id: 't0.s3',
        parentId: 't0.s1',
        turn: 0,
        agent: 'orchestrator',
        kind: 'orchestration',
        label: 'Plan the coordination',
        status: 'running',
        startMs: 0.2,
        endMs: null,
        input: null,
        output: null,
        warnings: [],
      },
      answer: null,
    },
  ],
  'playtests.caseFinished': [{ runId: PLAYTEST_RUN.runId, done: 1, total: 2, case: PLAYTEST_CASE }],
  'playtests.runAdvanced': [{ runId: PLAYTEST_RUN.runId, done: 1, total: 2 }],
  'playtests.runFinished': [{ run: PLAYTEST_RUN }, { run: { ...PLAYTEST_RUN, status: 'stopped', summary: null } }],
};
