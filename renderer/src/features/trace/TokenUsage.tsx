import { callCost, callsCost, describeCost, priceFor } from '../../../../shared/rules/cost';
import type { ModelPrice } from '../../../../shared/schemas/prices';
import { count, seconds } from '../costs/cost-text';
import { usePrices } from '../costs/use-prices';
import { tokensPerSecond, type CallUsage, type TurnUsage } from './model-usage';

const rate = (tokens: number, ms: number | null) => {
  const perSecond = tokensPerSecond(tokens, ms);
  return perSecond === null
    ? ''
    : ` · ${perSecond >= 100 ? count(Math.round(perSecond)) : perSecond.toFixed(1)} tokens/s`;
};

const perMillion = (dollars: number) => `$${dollars}/M`;
const priceText = (price: ModelPrice) =>
  `at ${perMillion(price.input)} in, ${perMillion(price.cachedInput ?? price.input)} cached, ${perMillion(price.output)} out`;

/** One call's estimated cost: the sum and the price it was charged at, or that its model has no price. */
function CallCost({ usage }: { usage: CallUsage }) {
  const prices = usePrices();
  if (!prices) return <span className="muted-inline">…</span>;
  const price = priceFor(prices, usage.call.answeredBy);
  const cost = callCost(usage.call, prices);
  return (
    <>
      <span className="call-cost">{describeCost(cost)}</span>{' '}
      <span className="muted-inline">
        {price ? priceText(price) : `(${usage.call.model}): set one in the Models tab`}
      </span>
    </>
  );
}

/**
 * One model call's tokens: sent, reused from the cache, evaluated anew, generated, the time each took, the
 * call's latency and its estimated cost.
 */
export function CallTokens({ usage }: { usage: CallUsage }) {
  if (usage.replayed)
    return <p className="muted-inline">Answered from the record: no model was asked, no tokens spent, no cost.</p>;
  return (
    <dl className="token-usage" aria-label="Tokens of this call">
      <dt>Latency</dt>
      <dd>{seconds(usage.durationMs)}</dd>
      <dt>Cost (estimate)</dt>
      <dd>
        <CallCost usage={usage} />
      </dd>
      <dt>Prompt sent</dt>
      <dd>{count(usage.sent)}</dd>
      <dt>Reused from the cache</dt>
      <dd>
        {usage.reused === null ? <span className="muted-inline">not reported by this model</span> : count(usage.reused)}
      </dd>
      <dt>Evaluated</dt>
      <dd>
        {usage.evaluated === null ? (
          <span className="muted-inline">all sent, as far as is known</span>
        ) : (
          count(usage.evaluated)
        )}
      </dd>
      <dt>Generated</dt>
      <dd>{count(usage.generated)}</dd>
      {usage.promptMs !== null && (
        <>
          <dt>Prompt time</dt>
          <dd>
            {seconds(usage.promptMs)}
            {rate(usage.evaluated ?? usage.sent, usage.promptMs)}
          </dd>
        </>
      )}
      {usage.generateMs !== null && (
        <>
          <dt>Generation time</dt>
          <dd>
            {seconds(usage.generateMs)}
            {rate(usage.generated, usage.generateMs)}
          </dd>
        </>
      )}
    </dl>
  );
}

/** A turn's tokens over all its model calls, for the step-through's header. */
export function TurnTokens({ usage }: { usage: TurnUsage }) {
  const prices = usePrices();
  const parts = [
    `${count(usage.sent)} sent`,
    ...(usage.reused === null ? [] : [`${count(usage.reused)} reused`, `${count(usage.evaluated ?? 0)} evaluated`]),
    `${count(usage.generated)} generated`,
  ];
  return (
    <p className="turn-tokens" aria-label="Tokens of the turn">
      Tokens: {parts.join(' · ')}{' '}
      <span className="muted-inline">
        · {usage.calls} model {usage.calls === 1 ? 'call' : 'calls'} · {seconds(usage.durationMs)} model time
      </span>
      {prices && <> · {describeCost(callsCost(usage.modelCalls, prices))}</>}
    </p>
  );
}
