import type { TurnResult } from '../../shared/schemas/turn';
import type { WorldState } from '../../shared/schemas/world';
import type { SessionStore } from '../../main/core/store/session-store';
import { HEIST_TRANSCRIPT, shippedPrompts, startSession } from '../support/engine';

const PLAYED_TURNS = 21;

export interface Played {
  result: TurnResult;
  world: WorldState;
}

/** Real turns of the scripted engine: what the store gets from a session. */
export async function playTurns(): Promise<Played[]> {
  const session = await startSession({ seed: 11 });
  const played: Played[] = [];
  for (let i = 0; i < PLAYED_TURNS; i++) {
    const result = await session.play(HEIST_TRANSCRIPT[i % HEIST_TRANSCRIPT.length]!);
    played.push({ result, world: session.state.world });
  }
  return played;
}

/** Appends played turns over and over to a session of `store`, each as the next turn. */
export function appender(store: SessionStore, sessionId: string, turns: Played[]) {
  const prompts = shippedPrompts();
  const branchId = store.session(sessionId).mainBranchId;
  let index = store.session(sessionId).turns;
  let parent: string | null = index ? store.turnIds(sessionId).at(-1)! : null;
  let seq = store.nextAuditSeq(sessionId);
  return () => {
    const { result, world } = turns[index % turns.length]!;
    const audit = result.audit.map((entry) => ({ ...entry, seq: seq++ }));
    parent = store.appendTurn({
      sessionId,
      branchId,
      parentTurnId: parent,
      result: { ...result, index, audit },
      world,
      prompts,
    }).turnId;
    index++;
  };
}

export function newSession(store: SessionStore, world: WorldState, title = 'Bench night'): string {
  return store.createSession({
    title,
    project: '/bench',
    world,
    architecture: 'distributed',
    seed: 1,
    model: 'scripted',
  }).id;
}
