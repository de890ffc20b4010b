import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';

/** One line for a failed (or any) outcome: `heist.play.yaml turn 2 turns[1].expect.choices: expected 3 to 5 choices, got 2 choices: a, b`. */
export function describeFailure(script: string, outcome: AssertionOutcome): string {
  const where = outcome.turn === null ? 'session' : `turn ${outcome.turn}`;
  return `${script} ${where} ${outcome.assertion}: expected ${outcome.expected}, got ${outcome.actual}`;
}
