import diff from 'microdiff';
import { TraceAgent } from '../schemas/plans/agents';
import { modelCallsOf } from './cost';
import type { ComparedTurn, TurnResult } from '../schemas/turn';

/** One difference between two values, at a path like `tactical.execution_steps.0.description`. */
export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const KIND = { CREATE: 'added', REMOVE: 'removed', CHANGE: 'changed' } as const;

/** The structural differences from `before` to `after` (objects and arrays walked; leaves compared). */
export function structuralDiff(before: unknown, after: unknown): Change[] {
  if (!isContainer(before) || !isContainer(after))
    return Object.is(before, after) ? [] : [{ path: '', kind: 'changed', before, after }];
  return diff(before, after).map((d) => ({
    path: d.path.join('.'),
    kind: KIND[d.type],
    ...(d.type !== 'CREATE' ? { before: d.oldValue } : {}),
    ...(d.type !== 'REMOVE' ? { after: d.value } : {}),
  }));
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** A turn played again against the one recorded: what changed in its plans, planning block and narrative. */
export interface TurnDiff {
  plans: Change[];
  planningBlock: Change[];
  narrativeChanged: boolean;
  /** Model calls answered from the record, and asked of the model, in the re-run. */
  reused: number;
  asked: number;
}

export function diffTurns(
  recorded: Pick<TurnResult, 'plans' | 'planningBlock' | 'narrative'>,
  rerun: Pick<TurnResult, 'plans' | 'planningBlock' | 'narrative' | 'trace'>,
): TurnDiff {
  const calls = rerun.trace.flatMap((s) => (s.kind === 'model' && s.status !== 'running' ? [s.output] : []));
  const reused = calls.filter((output) => output !== null && 'replayed' in output && output.replayed === true).length;
  return {
    plans: structuralDiff(recorded.plans, rerun.plans),
    planningBlock: structuralDiff(recorded.planningBlock, rerun.planningBlock),
    narrativeChanged: recorded.narrative !== rerun.narrative,
    reused,
    asked: calls.length - reused,
  };
}

export function comparedTurnOf(result: TurnResult): ComparedTurn {
  return {
    mode: result.mode,
    narrative: result.narrative,
    clock: result.clock,
    timeFrozen: result.timeFrozen,
    choices: Object.values(result.planningBlock?.choices ?? {}).map((c) => c.text),
    warnings: [...result.errors, ...result.warnings].map((w) => w.code),
    // The agents whose plans the turn used (plans also holds the cross-agent answers, under `requests`).
    planned: Object.entries(result.plans)
      .filter(([key, plan]) => plan !== null && plan !== undefined && TraceAgent.safeParse(key.split(':')[0]).success)
      .map(([agent]) => agent),
    stateChanges: result.stateChanges.length,
    calls: modelCallsOf(result.trace),
  };
}

/** How two plays of the same transcript differ, turn by turn, counted. */
export interface CompareSummary {
  turns: number;
  narrativeChanged: number;
  choicesChanged: number;
  warningsChanged: number;
  clockChanged: number;
  /** The first turn where anything differs, or null. */
  firstDifference: number | null;
}

export function summarizeComparison(
  pairs: readonly { index: number; recorded: ComparedTurn; variant: ComparedTurn }[],
): CompareSummary {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  let firstDifference: number | null = null;
  const summary = { turns: pairs.length, narrativeChanged: 0, choicesChanged: 0, warningsChanged: 0, clockChanged: 0 };
  for (const { index, recorded, variant } of pairs) {
    const narrative = recorded.narrative !== variant.narrative;
    const choices = !same(recorded.choices, variant.choices);
    const warnings = !same([...recorded.warnings].sort(), [...variant.warnings].sort());
    const clock = recorded.clock !== variant.clock || recorded.timeFrozen !== variant.timeFrozen;
    summary.narrativeChanged += Number(narrative);
    summary.choicesChanged += Number(choices);
    summary.warningsChanged += Number(warnings);
    summary.clockChanged += Number(clock);
    if (
      firstDifference === null &&
      (narrative || choices || warnings || clock || !same(recorded.planned, variant.planned))
    )
      firstDifference = index;
  }
  return { ...summary, firstDifference };
}
