import { advanceClock } from '../../../shared/rules/clock';
import { detectMode, narratorFor, type Mode } from '../../../shared/rules/mode';
import { normalizeResponse } from '../../../shared/rules/planning-response';
import { rememberRolls, rollsOf } from '../../../shared/rules/roll-consequence';
import { warn, type RuleWarning } from '../../../shared/rules/warnings';
import { applyChange, checkChange, clockLabel } from '../../../shared/rules/world-changes';
import type { Orchestration } from '../../../shared/schemas/models';
import type { NarrativeResponse } from '../../../shared/schemas/planning-block';
import { historyEntryOf, type SessionState } from '../../../shared/schemas/session-state';
import type { TraceStep } from '../../../shared/schemas/trace';
import type { TurnResult } from '../../../shared/schemas/turn';
import { WorldChange } from '../../../shared/schemas/world';
import type { Model, PlanOutcome } from '../models/model';
import { promptSetHash } from '../store/prompt-sets';
import { runNarrator } from './agents/narrator-agent';
import type { AuditTrail } from './audit-trail';
import { runCentralizedPlanning } from './centralized/centralized-planner';
import { planDistributed } from './distributed/distributed-planner';
import type { RouterOptions } from './protocol/request-router';
import { TraceRecorder, type StepGate } from './trace-recorder';
import type { NarrativePiece, TurnContext } from './turn-context';

export interface EngineOptions {
  model: Model;
  /**
   * The prompt files by name, read for this turn. Treated as frozen: its hash and compiled templates are
   * cached by identity, so a changed prompt set is a new map (as `PromptFiles.readAll` gives).
   */
  prompts: ReadonlyMap<string, string>;
  audit: AuditTrail;
  /** Called for every trace step as it starts and as it ends. */
  onStep?: (step: TraceStep) => void;
  /** The narrator's prose as the model writes it. */
  onNarrative?: (piece: NarrativePiece) => void;
  /** Where steps wait (breakpoints): called as each step starts. */
  gate?: StepGate;
  /** `fixed` skips the orchestrator: every specialist plans at once, with no cross-agent requests. */
  orchestration?: Orchestration;
  /** The deadline of one model call. */
  modelTimeoutMs?: number;
  signal?: AbortSignal;
  answerDelayMs?: RouterOptions['answerDelayMs'];
}

export interface TurnInput {
  input: string;
  /** An explicit mode wins over the THINK: prefix. */
  mode?: Mode;
}

export const DEFAULT_MODEL_TIMEOUT_MS = 120_000;

function proposedChanges(outcomes: Record<string, PlanOutcome>): WorldChange[] {
  return Object.values(outcomes).flatMap((outcome) =>
    outcome.results
      .filter((r) => r.tool === 'propose_state_update')
      .flatMap((r) => {
        const result = r.result as { accepted?: boolean; change?: unknown };
        const change = WorldChange.safeParse(result.change);
        return result.accepted && change.success ? [change.data] : [];
      }),
  );
}

/**
 * Plays one turn: mode, planning (distributed or centralized), the narrator, the story rules, the clock and
 * the world. Every step is traced as it happens; a bad answer leaves warnings or errors, never an exception.
 */
export async function playTurn(
  session: SessionState,
  turnInput: TurnInput,
  options: EngineOptions,
): Promise<{ result: TurnResult; session: SessionState }> {
  const index = session.history.length;
  const detected = detectMode(turnInput.input, turnInput.mode);
  const trace = new TraceRecorder(index, options.onStep, options.gate);
  const auditFrom = options.audit.length;
  const root = await trace.enter({
    agent: 'engine',
    kind: 'turn',
    label: `Turn ${index + 1}`,
    parentId: null,
    input: turnInput,
  });
  const agent = narratorFor(detected.mode);
  (
    await trace.enter({
      agent: 'engine',
      kind: 'mode',
      label: `${detected.mode} → ${agent}`,
      parentId: root.id,
      input: turnInput,
    })
  ).finish({ output: { mode: detected.mode, narrator: agent, explicitThink: detected.explicitThink } });

  const turn: TurnContext = {
    model: options.model,
    prompts: options.prompts,
    audit: options.audit,
    trace,
    seed: session.seed,
    turn: index,
    mode: detected.mode,
    input: detected.text,
    world: session.world,
    history: session.history,
    modelTimeoutMs: options.modelTimeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onNarrative ? { onNarrative: options.onNarrative } : {}),
    warnings: [],
  };

  let plans: Record<string, unknown>;
  let outcomes: Record<string, PlanOutcome>;
  if (session.architecture === 'distributed') {
    ({ plans, outcomes } = await planDistributed(turn, root.id, options));
  } else {
    const step = await trace.enter({
      agent: 'planner',
      kind: 'orchestration',
      label: 'Plan centrally (baseline)',
      parentId: root.id,
    });
    const central = await runCentralizedPlanning(turn, step.id);
    step.finish(
      central.plan
        ? { output: central.plan }
        : { status: 'error', warnings: [warn('PLAN_DROPPED', 'The centralized planner gave no usable plan.')] },
    );
    plans = { planner: central.plan };
    outcomes = central.outcomes;
  }

  const narratorStep = await trace.enter({ agent, kind: 'narrator', label: agent, parentId: root.id });
  const told = await runNarrator(turn, outcomes, narratorStep.id);
  const errors: RuleWarning[] = [];
  let response: NarrativeResponse | null = null;
  let world = session.world;
  let freeze = true;
  const applied: WorldChange[] = [];
  if (!told.value) {
    turn.warnings.push(...told.warnings);
    errors.push(
      warn(
        'NARRATOR_FAILED',
        `${told.failure ?? `${agent} gave no usable answer`}. Nothing happened in the world, and time did not pass.`,
      ),
    );
    narratorStep.finish({ status: 'error', output: { raw: told.raw }, warnings: errors });
  } else {
    narratorStep.finish({ output: told.value });
    const rulesStep = await trace.enter({
      agent: 'engine',
      kind: 'rules',
      label: 'Story rules',
      parentId: root.id,
      input: told.value,
    });
    const recentEnhanced = session.history.filter((h) => h.mode === 'story').map((h) => h.enhanced);
    const normalized = normalizeResponse(told.value, {
      mode: detected.mode,
      explicitThink: detected.explicitThink,
      agent,
      recentEnhanced,
    });
    turn.warnings.push(...told.warnings);
    for (const w of [...told.warnings, ...normalized.warnings]) {
      if (w.code.startsWith('INTENT_'))
        options.audit.append({
          turn: index,
          agent,
          kind: 'intent_corrected',
          stepId: rulesStep.id,
          detail: { code: w.code, message: w.message },
        });
      if (w.code === 'RETURN_STORY_ADDED')
        options.audit.append({
          turn: index,
          agent,
          kind: 'return_story_added',
          stepId: rulesStep.id,
          detail: { message: w.message },
        });
    }
    turn.warnings.push(...normalized.warnings);
    rulesStep.finish({ output: normalized.response, warnings: normalized.warnings });
    response = normalized.response;
    freeze = normalized.freezeTime;

    const worldStep = await trace.enter({
      agent: 'engine',
      kind: 'world',
      label: freeze ? 'World frozen' : 'Apply state updates',
      parentId: root.id,
    });
    const proposed = proposedChanges(outcomes);
    const worldWarnings: RuleWarning[] = [];
    if (freeze && proposed.length)
      worldWarnings.push(
        warn(
          'STATE_UPDATE_REJECTED',
          `${proposed.length} proposed change${proposed.length > 1 ? 's were' : ' was'} not applied: time is frozen on a think turn.`,
        ),
      );
    if (!freeze) {
      for (const change of proposed) {
        const reason = checkChange(world, change);
        if (reason) worldWarnings.push(warn('STATE_UPDATE_REJECTED', `${change.kind}: ${reason}`));
        else {
          world = applyChange(world, change);
          applied.push(change);
        }
      }
    }
    // A failed roll is not forgotten: the world keeps it as tension, which the next turns plan and tell from.
    const tension = world.story.tension;
    if (!freeze) world = rememberRolls(world, rollsOf(Object.values(outcomes).flatMap((o) => o.results)), index);
    turn.warnings.push(...worldWarnings);
    worldStep.finish({
      output: {
        applied,
        ...(world.story.tension !== tension ? { tension: { from: tension, to: world.story.tension } } : {}),
      },
      warnings: worldWarnings,
    });
  }

  const clockStep = await trace.enter({
    agent: 'engine',
    kind: 'clock',
    label: freeze ? 'Time frozen' : 'Time advances',
    parentId: root.id,
    input: world.clock,
  });
  const before = { worldTimeMicros: world.clock.worldTimeUs, turn: world.clock.turn };
  const ticked = response
    ? advanceClock(before, freeze, response.time_elapsed_seconds)
    : { clock: before, warnings: [] };
  world = { ...world, clock: { worldTimeUs: ticked.clock.worldTimeMicros, turn: ticked.clock.turn } };
  turn.warnings.push(...ticked.warnings);
  clockStep.finish({ output: { ...world.clock, label: clockLabel(world) }, warnings: ticked.warnings });
  root.finish({
    status: errors.length ? 'error' : turn.warnings.length ? 'warning' : 'ok',
    output: { narrative: response?.narrative ?? '', errors },
  });

  const result: TurnResult = {
    index,
    input: turnInput.input,
    mode: detected.mode,
    agent,
    intent: response?.planning_block.intent ?? detected.mode,
    timeFrozen: freeze,
    worldTimeUs: world.clock.worldTimeUs,
    turnCounter: world.clock.turn,
    clock: clockLabel(world),
    narrative: response?.narrative ?? '',
    planningBlock: response?.planning_block ?? null,
    response,
    warnings: turn.warnings,
    errors,
    plans,
    stateChanges: applied,
    architecture: session.architecture,
    model: options.model.label,
    promptSetHash: promptSetHash(options.prompts),
    trace: trace.steps(),
    audit: options.audit.since(auditFrom),
  };
  return { result, session: { ...session, world, history: [...session.history, historyEntryOf(result)] } };
}
