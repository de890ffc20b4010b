import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { summarizeComparison } from '../../../../shared/rules/turn-diff';
import type { Architecture } from '../../../../shared/schemas/plans/agents';
import type { ComparedTurn } from '../../../../shared/schemas/turn';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import { useAction } from '../../ui/use-action';
import type { PriceTable } from '../../../../shared/schemas/prices';
import { usageParts } from '../costs/cost-text';
import { usePrices } from '../costs/use-prices';
import { WordDiff } from './WordDiff';

type Compared = MethodOutput<'sessions.compare'>;
type Variant = 'architecture' | 'prompts';

/**
 * One side of a compared turn. Where the two sides differ the cell is marked and its words are set against the
 * other side's: the record shows what the variant dropped, the variant what it added.
 */
function Side({
  digest,
  other,
  side,
  prices,
}: {
  digest: ComparedTurn;
  other: ComparedTurn;
  side: 'recorded' | 'variant';
  prices: PriceTable | null;
}) {
  const differs = (a: unknown, b: unknown) => (JSON.stringify(a) !== JSON.stringify(b) ? 'cell-differs' : '');
  const [before, after] = side === 'recorded' ? [digest, other] : [other, digest];
  const words = (pick: (turn: ComparedTurn) => string) =>
    pick(digest) === pick(other) ? (
      pick(digest)
    ) : (
      <WordDiff before={pick(before)} after={pick(after)} show={side === 'recorded' ? 'before' : 'after'} />
    );
  return (
    <td>
      <p className={differs(digest.narrative, other.narrative)}>
        {digest.narrative ? words((t) => t.narrative) : <em>No narrative.</em>}
      </p>
      <p className={`muted-inline ${differs([digest.clock, digest.timeFrozen], [other.clock, other.timeFrozen])}`}>
        {digest.clock}
        {digest.timeFrozen ? ' · time frozen' : ''} · planned by {digest.planned.join(', ') || 'nobody'}
      </p>
      <p className={`muted-inline ${differs(digest.choices, other.choices)}`}>
        Choices: {digest.choices.length ? words((t) => t.choices.join(' · ')) : 'none'}
      </p>
      <p className="muted-inline compare-usage" aria-label="Calls, tokens, model time and cost">
        {usageParts(digest.calls, prices).join(' · ')}
      </p>
      {digest.warnings.length > 0 && (
        <p className={`muted-inline ${differs([...digest.warnings].sort(), [...other.warnings].sort())}`}>
          Warnings: {digest.warnings.join(', ')}
        </p>
      )}
    </td>
  );
}

/**
 * The session's transcript played again, side by side with the record: under the other planning architecture,
 * or with the prompts as they are now. A summary counts what differs; cells that differ are marked.
 */
export function CompareDialog({
  sessionId,
  branchId,
  architecture,
  onClose,
}: {
  sessionId: string;
  branchId: string | null;
  architecture: Architecture;
  onClose: () => void;
}) {
  const transport = useTransport();
  const other: Architecture = architecture === 'distributed' ? 'centralized' : 'distributed';
  const [variant, setVariant] = useState<Variant>('architecture');
  const [compared, setCompared] = useState<{ variant: Variant; value: Compared } | null>(null);
  const { running, error, run: act } = useAction();

  const run = () =>
    act(
      () =>
        transport.invoke('sessions.compare', {
          sessionId,
          ...(branchId ? { branchId } : {}),
          ...(variant === 'architecture'
            ? { architecture: other, prompts: 'recorded' as const }
            : { prompts: 'current' as const }),
          limit: 100,
        }),
      (value) => setCompared({ variant, value }),
    );

  const prices = usePrices();
  const summary = compared ? summarizeComparison(compared.value.turns) : null;
  const label = compared?.variant === 'prompts' ? 'Current prompts' : `${other} planning`;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby="compare-title" className="dialog dialog-wide">
        <h2 id="compare-title">Compare this transcript</h2>
        <fieldset className="compare-options">
          <legend>Play the same inputs again</legend>
          <label>
            <input
              type="radio"
              name="variant"
              checked={variant === 'architecture'}
              onChange={() => setVariant('architecture')}
            />
            under {other} planning (the prompts each turn was played with)
          </label>
          <label>
            <input type="radio" name="variant" checked={variant === 'prompts'} onChange={() => setVariant('prompts')} />
            with the prompts as they are now ({architecture} planning)
          </label>
        </fieldset>
        <p className="muted-inline">
          Recorded answers are reused where a request is unchanged; other requests ask the current model. Nothing is
          stored. The first 100 turns are compared.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            Close
          </button>
          <button type="submit" onClick={() => void run()} disabled={running}>
            {running ? 'Playing…' : 'Compare'}
          </button>
        </div>
        <ErrorBanner message={error} />
        {compared && summary && (
          <>
            <p role="status" aria-label="Comparison summary" className="banner">
              {summary.turns} turn{summary.turns === 1 ? '' : 's'} compared
              {compared.value.total > summary.turns ? ` (of ${compared.value.total})` : ''}: narrative differs in{' '}
              {summary.narrativeChanged}, choices in {summary.choicesChanged}, warnings in {summary.warningsChanged},
              the clock in {summary.clockChanged}.{' '}
              {summary.firstDifference === null
                ? 'The two plays are the same.'
                : `First difference at turn ${summary.firstDifference + 1}.`}
            </p>
            <div className="compare-scroll">
              <table className="compare-table" aria-label="Turns side by side">
                <thead>
                  <tr>
                    <th scope="col">Turn</th>
                    <th scope="col">As recorded</th>
                    <th scope="col">{label}</th>
                  </tr>
                </thead>
                <tbody>
                  {compared.value.turns.map((t) => (
                    <tr key={t.index}>
                      <th scope="row">
                        {t.index + 1}
                        <p className="muted-inline">{t.input}</p>
                      </th>
                      <Side digest={t.recorded} other={t.variant} side="recorded" prices={prices} />
                      <Side digest={t.variant} other={t.recorded} side="variant" prices={prices} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr aria-label="All turns compared">
                    <th scope="row">All</th>
                    {(['recorded', 'variant'] as const).map((side) => (
                      <td
                        key={side}
                        className="compare-usage"
                        aria-label={`Usage ${side === 'recorded' ? 'as recorded' : 'of the variant'}`}
                      >
                        {usageParts(
                          compared.value.turns.flatMap((t) => t[side].calls),
                          prices,
                        ).join(' · ')}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
