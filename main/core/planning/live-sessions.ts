import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { Mode } from '../../../shared/rules/mode';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { TraceStep } from '../../../shared/schemas/trace';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { WorldState } from '../../../shared/schemas/world';
import type { Model } from '../models/model';
import { AuditTrail } from './audit-trail';
import { playTurn, type SessionState } from './turn-runner';

interface LiveSession {
  state: SessionState;
  audit: AuditTrail;
  /** The turn being played: a session plays one turn at a time. */
  playing: boolean;
}

export interface LiveSessionsOptions {
  model: Model;
  prompts: () => Promise<ReadonlyMap<string, string>>;
  onStep: (sessionId: string, step: TraceStep) => void;
}

/** Sessions played through the contract, held in memory for as long as the workbench runs. */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();

  constructor(private readonly options: LiveSessionsOptions) {}

  create(input: { title: string; world: WorldState; architecture: Architecture; seed: number }): { sessionId: string } {
    const sessionId = randomUUID();
    this.sessions.set(sessionId, {
      state: { title: input.title, seed: input.seed, architecture: input.architecture, world: input.world, history: [] },
      audit: new AuditTrail(),
      playing: false,
    });
    return { sessionId };
  }

  async play(sessionId: string, input: { input: string; mode?: Mode }): Promise<TurnResult> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AppError('NOT_FOUND', `turns.play: no session ${sessionId}`);
    if (session.playing) throw new AppError('CONFLICT', `turns.play: session ${sessionId} is already playing a turn; wait for it to finish`);
    session.playing = true;
    try {
      const played = await playTurn(session.state, input, {
        model: this.options.model,
        prompts: await this.options.prompts(),
        audit: session.audit,
        onStep: (step) => this.options.onStep(sessionId, step),
      });
      session.state = played.session;
      return played.result;
    } finally {
      session.playing = false;
    }
  }
}
