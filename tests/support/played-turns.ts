import { afterAll, beforeAll } from 'vitest';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { playedTurnViews, playedTurnViewsOf, type PlayedTurnView } from '../../main/core/playtest/assertions';
import type { KeptTurn } from '../../main/core/session/session-player';
import { playScript } from '../../main/core/playtest/headless-play';
import { PlayScript } from '../../main/core/playtest/play-script';
import { SessionStore } from '../../main/core/store/session-store';
import type { Architecture } from '../../shared/schemas/plans/agents';
import type { WorldState } from '../../shared/schemas/world';
import { exampleWorld, HEIST_TRANSCRIPT } from './engine';
import { playerOver, tempDb, testMasterKey } from './store';

/** Raw answers that break the protocol, as a model might give them: each one is what a script's `respond:` plants. */
export const PLANTED = {
  /** perception asks itself (refused by the matrix) and strategic asks perception (answered). */
  orchestrator: JSON.stringify({
    summary: 'A story turn.',
    consults: [{ tool: 'read_scene', args: {}, purpose: 'Who is present' }],
    tasks: [
      { id: 'perceive', agent: 'perception', objective: 'Read the input.', depends_on: ['ask_self'] },
      { id: 'shape', agent: 'strategic', objective: 'Shape the beat.', depends_on: ['ask_entities'] },
      { id: 'execute', agent: 'tactical', objective: 'Work out the steps.', depends_on: [] },
    ],
    cross_agent_steps: [
      {
        id: 'ask_self',
        from: 'perception',
        target_agent: 'perception',
        request: { type: 'ExtractEntities', context: 'the gate' },
        timeout_ms: 2000,
        depends_on: [],
      },
      {
        id: 'ask_entities',
        from: 'strategic',
        target_agent: 'perception',
        request: { type: 'ExtractEntities', context: 'the gate' },
        timeout_ms: 2000,
        depends_on: [],
      },
    ],
  }),
  /** tactical names perception's propose_state_update. */
  tactical: JSON.stringify({
    execution_steps: [
      { id: 'where', description: 'Where the player is', tool: 'find_spatial_context', args: { entity_id: 'mara' } },
      {
        id: 'move',
        description: 'Move the player',
        tool: 'propose_state_update',
        args: { change: { kind: 'move', entity: 'mara', to: 'docks' } },
      },
    ],
    dependencies: {},
    resource_requirements: { people: ['mara'], items: [] },
  }),
  /** The centralized planner has tactical run perception's propose_state_update. */
  planner: JSON.stringify({
    summary: 'One planner.',
    steps: [
      {
        id: 'where',
        tool: 'find_spatial_context',
        args: { entity_id: 'mara' },
        purpose: 'Where',
        executor: 'tactical',
      },
      {
        id: 'move',
        tool: 'propose_state_update',
        args: { change: { kind: 'move', entity: 'mara', to: 'docks' } },
        purpose: 'Move',
        executor: 'tactical',
      },
    ],
  }),
  /** A choice list in the narrative, and analysis without a way back to the story. */
  narrator: JSON.stringify({
    narrative: 'You slip along the quay toward the gate.\n\nWhat do you do?\n1. Climb the sea wall\n2. Bribe the guard',
    planning_block: {
      intent: 'story',
      thinking: 'The guard is tired; a bribe may work.',
      choices: {
        climb: { text: 'Climb the sea wall', description: 'Over the top, in the dark.', risk_level: 'high' },
        bribe: { text: 'Bribe the guard', description: 'Coins for silence.', risk_level: 'medium' },
      },
    },
    time_elapsed_seconds: 120,
  }),
};

export interface PlayedSession {
  sessionId: string;
  world: WorldState;
  /** Read back from the store. */
  turns: PlayedTurnView[];
  /** The same turns as they were played, never read back (what a suite's runner checks). */
  asPlayed: PlayedTurnView[];
}

/** Plays a script into `store` with the scripted model, as `npm run cli -- play` does, and reads its turns back. */
export async function playIntoStore(
  store: SessionStore,
  script: PlayScript,
  options: {
    architecture: Architecture;
    seed: number;
    world?: WorldState;
    prompts?: () => Promise<Map<string, string>>;
  },
): Promise<PlayedSession> {
  const player = playerOver(store, new ScriptedModel(), options.prompts ? { prompts: options.prompts } : {});
  const world = options.world ?? (await exampleWorld());
  const session = player.create({ title: script.title, world, architecture: options.architecture, seed: options.seed });
  const kept: KeptTurn[] = [];
  await playScript({
    script,
    player,
    store,
    sessionId: session.id,
    model: new ScriptedModel(),
    onPlayed: (turn) => kept.push(turn),
  });
  return {
    sessionId: session.id,
    world,
    turns: playedTurnViews(store, session.id),
    asPlayed: playedTurnViewsOf(world, kept),
  };
}

/**
 * Three sessions played once for a test file, into a real database: `clean`, the heist transcript (distributed,
 * seed 3); `planted`, turns with the answers above and a narrator that gives no JSON; `central`, one centralized turn.
 */
export function usePlayedSessions(): { clean: PlayedSession; planted: PlayedSession; central: PlayedSession } {
  const db = tempDb();
  let store: SessionStore;
  const played = {} as { clean: PlayedSession; planted: PlayedSession; central: PlayedSession };
  beforeAll(async () => {
    store = SessionStore.open(db.file, testMasterKey());
    const turns = (inputs: readonly string[]) => inputs.map((input) => ({ input }));
    played.clean = await playIntoStore(store, PlayScript.parse({ title: 'clean', turns: turns(HEIST_TRANSCRIPT) }), {
      architecture: 'distributed',
      seed: 3,
    });
    const planted = PlayScript.parse({
      title: 'planted',
      turns: [
        {
          input: 'I walk to the harbor gate.',
          respond: { orchestrator: PLANTED.orchestrator, tactical: PLANTED.tactical },
        },
        { input: 'I look around.', respond: PLANTED.narrator },
        { input: 'I wait.', respond: 'This is not JSON.' },
      ],
    });
    played.planted = await playIntoStore(store, planted, { architecture: 'distributed', seed: 2 });
    played.central = await playIntoStore(store, PlayScript.parse({ title: 'central', turns: turns(['I wait.']) }), {
      architecture: 'centralized',
      seed: 1,
    });
  }, 60_000);
  afterAll(() => {
    store.close();
    db.remove();
  });
  return played;
}
