import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { AppError } from '../../../../shared/ipc/result';
import { byCaseId, summaryOf } from '../../../../shared/rules/playtest-report';
import {
  PLAYTEST_REPORT_FORMAT,
  type AssertionOutcome,
  type CaseResult,
  type PlaytestReport,
} from '../../../../shared/schemas/playtest/report';
import { SessionPlayer, type KeptTurn } from '../../session/session-player';
import { checkScript, playedTurnViewsOf } from '../assertions';
import { playScript } from '../headless-play';
import { judgeScript } from '../judging';
import { casesOfShard, expandMatrix, type PlannedCase } from './matrix';
import type { SuiteEvents, SuiteOptions } from './suite-options';
import { turnFiguresOf } from './turn-figures';
import { unreachableModelOf } from './unreachable-model';

const cancelled = () =>
  new AppError('CANCELLED', 'The playtest run was stopped; the cases it had not finished are left out.');

/**
 * Plays a suite: every case of the matrix (or of one shard of it), `concurrency` at a time, each in a new
 * session of the run's store; checks each with its script's assertions and judges; and reports them sorted by
 * case id. A case that cannot be played is an `error` case, never the end of the run; `signal` ends the run
 * (the turns playing are stopped) with CANCELLED.
 */
export async function runSuite(
  options: SuiteOptions,
  events: SuiteEvents = {},
  signal?: AbortSignal,
): Promise<PlaytestReport> {
  if (!options.models.length || !options.prompts.length)
    throw new AppError('BAD_INPUT', 'A playtest run needs at least one model and one prompt variant.');
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
    throw new AppError('BAD_INPUT', `The concurrency must be a whole number from 1, not ${options.concurrency}.`);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const planned = casesOfShard(expandMatrix(options), options.shard);
  events.onStart?.(planned.length);
  const limit = pLimit(options.concurrency);
  const running = new Map<string, SessionPlayer>();
  // Cases still queued see the signal when they start, and end at once.
  const stopAll = () => {
    for (const [sessionId, player] of running) player.stop(sessionId);
  };
  signal?.addEventListener('abort', stopAll, { once: true });
  let done = 0;
  try {
    const cases = await Promise.all(
      planned.map((one) =>
        limit(async () => {
          if (signal?.aborted) throw cancelled();
          const result = await playCase(options, one, events, running, signal);
          if (signal?.aborted) throw cancelled();
          events.onCase?.(result, ++done, planned.length);
          return result;
        }),
      ),
    );
    if (signal?.aborted) throw cancelled();
    cases.sort(byCaseId);
    return {
      format: PLAYTEST_REPORT_FORMAT,
      version: 1,
      suite: options.suite,
      db: options.db,
      ...(options.shard ? { shard: options.shard } : {}),
      cases,
      summary: summaryOf(cases),
      timing: { startedAt, durationMs: performance.now() - started },
    };
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
}

async function playCase(
  options: SuiteOptions,
  planned: PlannedCase,
  events: SuiteEvents,
  running: Map<string, SessionPlayer>,
  signal: AbortSignal | undefined,
): Promise<CaseResult> {
  const started = performance.now();
  const { script, world, path } = planned.script;
  const { architecture, seed } = planned.combination;
  const base = { id: planned.id, script: path, title: script.title, combination: planned.combination };
  let sessionId: string | undefined;
  try {
    const model = planned.model.modelFor(script);
    const player = new SessionPlayer({
      store: options.store,
      model,
      project: options.project,
      prompts: planned.prompts.prompts,
      ...(options.orchestration ? { orchestration: () => options.orchestration! } : {}),
    });
    sessionId = player.create({ title: script.title, world, architecture, seed }).id;
    running.set(sessionId, player);
    const kept: KeptTurn[] = [];
    const playStarted = performance.now();
    try {
      await playScript({
        script,
        player,
        store: options.store,
        sessionId,
        model,
        onTurnStart: () => {
          if (signal?.aborted) throw cancelled();
        },
        onPlayed: (turn) => kept.push(turn),
        onTurn: (_result, turn) => events.onTurn?.(planned.id, turn),
      });
    } finally {
      running.delete(sessionId);
    }
    const playMs = performance.now() - playStarted;
    const checkStarted = performance.now();
    const views = playedTurnViewsOf(world, kept);
    const unreachable = unreachableModelOf(views);
    if (unreachable) {
      return {
        ...base,
        status: 'error',
        error: unreachable,
        sessionId,
        assertions: [],
        turns: views.map(turnFiguresOf),
        timing: { durationMs: performance.now() - started, playMs },
      };
    }
    const checked = checkScript(script, views, world);
    const checkMs = performance.now() - checkStarted;
    const judged = await judgeScript(script, views, options.judgeFor(sessionId), signal);
    const assertions: AssertionOutcome[] = [...checked, ...judged];
    return {
      ...base,
      status: assertions.every((a) => a.passed) ? 'passed' : 'failed',
      sessionId,
      assertions,
      turns: views.map(turnFiguresOf),
      timing: { durationMs: performance.now() - started, playMs, checkMs },
    };
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    return {
      ...base,
      status: 'error',
      error: error instanceof Error ? error.message : String(error),
      ...(sessionId ? { sessionId } : {}),
      assertions: [],
      turns: [],
      timing: { durationMs: performance.now() - started },
    };
  }
}
