import path from 'node:path';
import type { Handlers } from '../dispatcher';
import { AppError } from '../../../../shared/ipc/result';
import { agentDecisions } from '../../../../shared/rules/agent-decisions';
import { clockLabel } from '../../../../shared/rules/world-changes';
import { worldChangeLines } from '../../../../shared/rules/world-diff-words';
import type { SessionPlayer } from '../../session/session-player';
import { loadWorld } from '../../playtest/play-script';
import { exportBundle } from '../../store/bundles/bundle-export';
import { importBundle } from '../../store/bundles/bundle-read';
import { forkSession } from '../../store/bundles/session-fork';
import { searchSession } from '../../store/session-search';
import type { SessionStore } from '../../store/session-store';
import type { ProjectSettings } from '../../settings';
import { sentProvenance } from '../../planning/agents/sent-provenance';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import type { TraceAgent } from '../../../../shared/schemas/plans/agents';
import { playedTurnOf } from '../../../../shared/schemas/session';

export interface SessionHandlerDeps {
  sessions: SessionPlayer;
  /** The store the player keeps its turns in: sessions, timelines, notes and audit are read from it. */
  store: SessionStore;
  projectDir: string;
  settings: () => Promise<ProjectSettings>;
}

type SessionMethods =
  | 'sessions.create'
  | 'sessions.list'
  | 'sessions.get'
  | 'sessions.timeline'
  | 'sessions.fork'
  | 'sessions.branch'
  | 'sessions.delete'
  | 'sessions.export'
  | 'sessions.import'
  | 'sessions.search'
  | 'turns.play'
  | 'turns.stop'
  | 'turns.get'
  | 'turns.last'
  | 'turns.changes'
  | 'notes.list'
  | 'notes.add'
  | 'notes.edit'
  | 'notes.delete'
  | 'audit.verify'
  | 'audit.list'
  | 'turns.continue'
  | 'turns.rerun'
  | 'sessions.compare'
  | 'turns.promptSource'
  | 'turns.paused'
  | 'sessions.usage';

/** The prompt each agent is asked with. */
const PROMPT_TARGET: Partial<Record<TraceAgent, PreviewTarget>> = {
  orchestrator: 'orchestrator',
  strategic: 'strategic',
  tactical: 'tactical',
  perception: 'perception',
  StoryModeAgent: 'story',
  PlanningAgent: 'think',
  planner: 'planner',
};

export function sessionHandlers({
  sessions,
  store,
  projectDir,
  settings,
}: SessionHandlerDeps): Pick<Handlers, SessionMethods> {
  return {
    'sessions.create': async (input) => {
      const project = await settings();
      let world = input.world;
      if (!world) {
        if (!project.play.world)
          throw new AppError(
            'BAD_INPUT',
            'sessions.create: no world given, and the project sets no play.world in narrative-workbench.yaml',
          );
        world = await loadWorld(path.resolve(projectDir, project.play.world));
      }
      const architecture = input.architecture ?? project.planning.architecture;
      const seed = input.seed ?? project.play.seed;
      const created = sessions.create({ title: input.title, world, architecture, seed });
      return {
        sessionId: created.id,
        branchId: created.mainBranchId,
        title: created.title,
        architecture,
        seed,
        model: created.model,
        clock: clockLabel(world),
      };
    },
    'sessions.list': () => ({ sessions: store.listSessions() }),
    'sessions.get': ({ sessionId }) => {
      const world = store.initialWorld(sessionId);
      return {
        session: store.session(sessionId),
        branches: store.branches(sessionId),
        start: { clock: clockLabel(world), worldTimeUs: world.clock.worldTimeUs, turnCounter: world.clock.turn },
      };
    },
    'sessions.timeline': ({ sessionId, ...page }) => store.timeline(sessionId, page),
    'sessions.search': ({ sessionId, ...search }) => searchSession(store, sessionId, search),
    'sessions.fork': ({ sessionId, turnId, branchId, title }) =>
      forkSession(store, sessionId, turnId, { ...(branchId ? { branchId } : {}), ...(title ? { title } : {}) }),
    'sessions.branch': ({ sessionId, turnId, name }) => store.branchFrom(sessionId, turnId, name),
    'sessions.delete': ({ sessionId }) => {
      store.deleteSession(sessionId);
      sessions.forget(sessionId);
      return { sessionId };
    },
    'sessions.export': async ({ sessionId, passphrase }) => {
      const { fileName, bytes, sealed } = await exportBundle(store, sessionId, { passphrase });
      return { fileName, base64: bytes.toString('base64'), sealed };
    },
    'sessions.import': async ({ base64, passphrase }) => importBundle(store, Buffer.from(base64, 'base64'), passphrase),
    'sessions.usage': ({ sessionId, ...page }) => {
      const timeline = store.timeline(sessionId, page);
      const calls = store.turnCalls(
        sessionId,
        timeline.entries.map((entry) => entry.id),
      );
      return {
        total: timeline.total,
        turns: timeline.entries.map((entry, i) => ({ index: entry.index, turnId: entry.id, calls: calls[i]! })),
      };
    },
    'turns.stop': ({ sessionId }) => ({ stopped: sessions.stop(sessionId) }),
    'turns.paused': ({ sessionId }) => ({ paused: sessions.paused(sessionId) }),
    'turns.continue': ({ sessionId, answer, withoutBreaks }) => ({
      continued: sessions.resume(sessionId, answer, { withoutBreaks: withoutBreaks ?? false }),
    }),
    'turns.rerun': ({ sessionId, turnId }) => sessions.rerun(sessionId, turnId),
    'turns.changes': ({ sessionId, turnId }) => {
      const turn = store.turn(sessionId, turnId);
      const before = store.load(sessionId, turn.branchId, { before: turn.result.index }).state.world;
      return { decisions: agentDecisions(turn.result, before), world: worldChangeLines(before, turn.world) };
    },
    'turns.promptSource': ({ sessionId, turnId, stepId }) => {
      const turn = store.turn(sessionId, turnId);
      const sent = turn.promptsSent.find((p) => p.stepId === stepId);
      const step = turn.result.trace.find((s) => s.id === stepId);
      const target = step ? PROMPT_TARGET[step.agent] : undefined;
      if (!sent || !target)
        throw new AppError('NOT_FOUND', `Turn ${turn.result.index + 1} has no prompt as sent at step ${stepId}.`);
      const files = new Map(Object.entries(store.promptSet(sessionId, turn.result.promptSetHash)));
      return { segments: sentProvenance(sent.prompt, files, target) };
    },
    'sessions.compare': ({ sessionId, branchId, architecture, prompts, limit }) =>
      sessions.compare(sessionId, {
        ...(branchId ? { branchId } : {}),
        ...(architecture ? { architecture } : {}),
        prompts,
        limit,
      }),
    'turns.play': async ({ sessionId, input, mode, branchId, breakpoints }) => {
      const played = await sessions.play(sessionId, {
        input,
        ...(mode ? { mode } : {}),
        ...(branchId ? { branchId } : {}),
        ...(breakpoints ? { breakpoints } : {}),
      });
      return playedTurnOf(played.result, { id: played.turnId, branchId: played.branchId, createdAt: played.createdAt });
    },
    // Each prompt once: in promptsSent, not again in its model step.
    'turns.get': ({ sessionId, turnId }) => store.turn(sessionId, turnId, 'once'),
    'turns.last': ({ sessionId, branchId }) => {
      const [last] = store.timeline(sessionId, { ...(branchId ? { branchId } : {}), lastPage: true, limit: 1 }).entries;
      return last ? store.turn(sessionId, last.id, 'once') : null;
    },
    'notes.add': ({ sessionId, turnId, text, tags }) => store.addNote(sessionId, turnId, { text, tags }),
    'notes.list': ({ sessionId }) => {
      store.session(sessionId);
      return { notes: store.sessionNotes(sessionId) };
    },
    'notes.edit': ({ sessionId, noteId, text, tags }) => store.editNote(sessionId, noteId, { text, tags }),
    'notes.delete': ({ sessionId, noteId }) => {
      store.deleteNote(sessionId, noteId);
      return { deleted: true as const };
    },
    'audit.verify': ({ sessionId }) => store.verifyAudit(sessionId),
    'audit.list': ({ sessionId, ...filter }) => store.auditPage(sessionId, filter),
  };
}
