import { diffLines } from 'diff';
import type { StepOf, TraceStep } from '../schemas/trace';

/** A stretch of a prompt: lines the same on both sides (counted, not shown), or lines that changed. */
export type PromptHunk = { kind: 'same'; lines: number } | { kind: 'changed'; before: string; after: string };

/** One agent's request as recorded and as re-run, when its prompt text changed. */
export interface PromptChange {
  agent: TraceStep['agent'];
  /** The re-run's step and its label ("TacticalPlan", "TacticalPlan, asked again"). */
  stepId: string;
  label: string;
  /** The recorded prompt; null when the record holds no such call (the re-run asked an agent anew). */
  before: string | null;
  after: string;
  hunks: PromptHunk[];
}

const linesIn = (text: string) => (text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length);

/** Two prompts line by line (jsdiff's `diffLines`), unchanged stretches folded to a count. */
export function promptHunks(before: string, after: string): PromptHunk[] {
  const hunks: PromptHunk[] = [];
  for (const part of diffLines(before, after)) {
    const last = hunks.at(-1);
    if (!part.added && !part.removed) hunks.push({ kind: 'same', lines: linesIn(part.value) });
    else if (last?.kind === 'changed') {
      if (part.added) last.after += part.value;
      else last.before += part.value;
    } else hunks.push({ kind: 'changed', before: part.removed ? part.value : '', after: part.added ? part.value : '' });
  }
  return hunks;
}

type ModelStep = StepOf<'model'>;
const modelSteps = (trace: readonly TraceStep[]) => trace.filter((s): s is ModelStep => s.kind === 'model');
const keyOf = (step: ModelStep, nth: number) => `${step.agent}#${nth}`;

/** Each model step keyed by its agent and its place among that agent's calls, in order. */
function keyed(trace: readonly TraceStep[]): Map<string, ModelStep> {
  const seen = new Map<string, number>();
  const byKey = new Map<string, ModelStep>();
  for (const step of modelSteps(trace)) {
    const nth = seen.get(step.agent) ?? 0;
    seen.set(step.agent, nth + 1);
    byKey.set(keyOf(step, nth), step);
  }
  return byKey;
}

/**
 * How the requests of a re-run differ from the record's: for each agent's call whose prompt text changed, the
 * changed lines. Calls are matched by agent and order (an agent's first call to its first call); a prompt the
 * trace does not hold is left out.
 */
export function promptChanges(recorded: readonly TraceStep[], rerun: readonly TraceStep[]): PromptChange[] {
  const before = keyed(recorded);
  const changes: PromptChange[] = [];
  for (const [key, step] of keyed(rerun)) {
    const after = step.input.prompt;
    if (after === null) continue;
    const old = before.get(key)?.input.prompt ?? null;
    if (old === after) continue;
    changes.push({
      agent: step.agent,
      stepId: step.id,
      label: step.label,
      before: old,
      after,
      hunks: old === null ? [] : promptHunks(old, after),
    });
  }
  return changes;
}
