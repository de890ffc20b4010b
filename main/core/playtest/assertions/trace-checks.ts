import type { TurnExpect } from '../../../../shared/schemas/playtest/expect';
import type { PlayedTurnView } from './played-turn-views';
import { countOf, describeRange, inRange, listOf } from './ranges';
import { requestCountsOf, toolCallsOf, usageOf, type TurnUsage } from './trace-counts';
import { skippedVerdict, verdict, type Verdict } from './verdict';

type ToolsExpect = NonNullable<TurnExpect['tools']>;
type RequestsExpect = NonNullable<TurnExpect['requests']>;
type BudgetExpect = NonNullable<TurnExpect['budget']>;

/** Tools by agent, from the turn's `tool` steps: a tool runs only through its owner's registry. */
export function checkTools(expected: ToolsExpect, turn: PlayedTurnView): Verdict[] {
  const calls = toolCallsOf(turn.result);
  const verdicts: Verdict[] = [];
  for (const [agent, expect] of Object.entries(expected)) {
    if (!expect) continue;
    const ran = calls.get(agent) ?? [];
    const ranText = ran.length ? `${agent} ran ${listOf([...new Set(ran)])}` : `${agent} ran no tool`;
    if (expect.called) {
      const missing = expect.called.filter((tool) => !ran.includes(tool));
      verdicts.push(
        verdict(
          !missing.length,
          `${agent} to run ${listOf(expect.called)}`,
          missing.length ? `${listOf(missing)} not run; ${ranText}` : ranText,
          `.${agent}.called`,
        ),
      );
    }
    if (expect.notCalled) {
      const found = expect.notCalled.filter((tool) => ran.includes(tool));
      verdicts.push(
        verdict(
          !found.length,
          `${agent} not to run ${listOf(expect.notCalled)}`,
          found.length ? `${agent} ran ${listOf(found)}` : ranText,
          `.${agent}.notCalled`,
        ),
      );
    }
    if (expect.count !== undefined) {
      verdicts.push(
        verdict(
          inRange(ran.length, expect.count),
          `${describeRange(expect.count, 'tool calls')} by ${agent}`,
          `${countOf(ran.length, 'tool calls')}${ran.length ? `: ${listOf(ran)}` : ''}`,
          `.${agent}.count`,
        ),
      );
    }
  }
  return verdicts;
}

const REQUEST_KINDS = [
  ['made', 'requests made'],
  ['answered', 'requests answered'],
  ['refused', 'requests refused'],
  ['timedOut', 'requests timed out'],
  ['failed', 'requests failed'],
] as const;

/** Cross-agent requests, from the turn's `request` steps and how each ended. */
export function checkRequests(expected: RequestsExpect, turn: PlayedTurnView): Verdict[] {
  const { architecture } = expected;
  if (architecture !== undefined && turn.result.architecture !== architecture) {
    // A centralized turn has no request router: its requests are checked only where the script says they apply.
    return REQUEST_KINDS.filter(([key]) => expected[key] !== undefined).map(([key, unit]) =>
      skippedVerdict(
        `${describeRange(expected[key]!, unit)} (${architecture} turns only)`,
        `a ${turn.result.architecture} turn`,
        `.${key}`,
      ),
    );
  }
  const counts = requestCountsOf(turn.result);
  const all = counts.described.length ? `: ${listOf(counts.described, 6)}` : '';
  return REQUEST_KINDS.filter(([key]) => expected[key] !== undefined).map(([key, unit]) =>
    verdict(
      inRange(counts[key], expected[key]!),
      describeRange(expected[key]!, unit),
      `${countOf(counts[key], unit)} of ${countOf(counts.made, 'requests')}${all}`,
      `.${key}`,
    ),
  );
}

const BUDGET_UNITS: Record<Exclude<keyof BudgetExpect, 'modelCalls'>, string> = {
  tokens: 'tokens',
  promptTokens: 'prompt tokens',
  completionTokens: 'completion tokens',
  latencyMs: 'ms',
};

/** Budgets over a turn's (or the session's summed) usage: each figure at most its budget; model calls a count or range. */
export function checkBudget(expected: BudgetExpect, usage: TurnUsage): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const key of ['tokens', 'promptTokens', 'completionTokens', 'latencyMs'] as const) {
    const budget = expected[key];
    if (budget === undefined) continue;
    const figure = key === 'latencyMs' ? Math.round(usage[key] * 10) / 10 : usage[key];
    verdicts.push(
      verdict(
        usage[key] <= budget,
        `at most ${budget} ${BUDGET_UNITS[key]}`,
        `${figure} ${BUDGET_UNITS[key]}`,
        `.${key}`,
      ),
    );
  }
  if (expected.modelCalls !== undefined) {
    verdicts.push(
      verdict(
        inRange(usage.modelCalls, expected.modelCalls),
        describeRange(expected.modelCalls, 'model calls'),
        countOf(usage.modelCalls, 'model calls'),
        '.modelCalls',
      ),
    );
  }
  return verdicts;
}

export const checkTurnBudget = (expected: BudgetExpect, turn: PlayedTurnView): Verdict[] =>
  checkBudget(expected, usageOf(turn.result));
