import { useMemo } from 'react';
import { callsCost, describeCost, modelCallsOf } from '../../../../shared/rules/cost';
import type { TraceStep } from '../../../../shared/schemas/trace';
import { usageParts } from './cost-text';
import './costs.css';
import { usePrices } from './use-prices';

/** A turn's calls, tokens, model time and estimated cost, for the turn's header. */
export function TurnCost({ steps }: { steps: readonly TraceStep[] }) {
  const prices = usePrices();
  const calls = useMemo(() => modelCallsOf(steps), [steps]);
  if (!calls.length) return null;
  const cost = prices ? describeCost(callsCost(calls, prices)) : null;
  return (
    <p className="turn-cost" aria-label="Cost of the turn">
      {cost !== null && <strong className="turn-cost-sum">{cost}</strong>}
      <span className="muted-inline"> · {usageParts(calls, null).slice(0, 4).join(' · ')}</span>
    </p>
  );
}
