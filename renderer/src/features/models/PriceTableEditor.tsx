import { StatusLine, type Status } from '../../ui/controls';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { modelRefOf, type ModelRef } from '../../../../shared/schemas/model-ref';
import type { ModelSetup } from '../../../../shared/schemas/models';
import { PriceTable } from '../../../../shared/schemas/prices';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { useTransport } from '../../app/transport-context';
import { pricesSaved, usePrices } from '../costs/use-prices';
import '../costs/costs.css';

type Field = 'input' | 'cachedInput' | 'output';
type Row = Record<Field, string>;
const FIELDS: { field: Field; label: string }[] = [
  { field: 'input', label: 'Input' },
  { field: 'cachedInput', label: 'Cached input' },
  { field: 'output', label: 'Output' },
];
const FREE = new Set<ModelRef['provider']>(['scripted', 'llama-cpp']);
const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The models a setup asks, each once by the name prices are set under. */
function modelsOf(setup: ModelSetup): ModelRef[] {
  const refs = [setup.default, ...Object.values(setup.agents)].map(modelRefOf);
  return refs.filter((ref, i) => refs.findIndex((r) => r.name === ref.name) === i);
}

/**
 * The price table: dollars per million tokens for each model of the setup (and each priced before), which
 * every cost the workbench shows is estimated from. A model left blank has no price set; local and scripted
 * models are free unless priced.
 */
export function PriceTableEditor({ setup }: { setup: ModelSetup }) {
  const transport = useTransport();
  const saved = usePrices();
  const [rows, setRows] = useState<Record<string, Row> | null>(null);
  const [status, setStatus] = useState<Status>(null);
  useEffect(() => {
    if (saved && rows === null)
      setRows(
        Object.fromEntries(
          Object.entries(saved).map(([name, p]) => [
            name,
            { input: text(p.input), cachedInput: text(p.cachedInput), output: text(p.output) },
          ]),
        ),
      );
  }, [saved, rows]);
  if (!saved || !rows) return null;

  const models = modelsOf(setup);
  const names = [...models.map((m) => m.name), ...Object.keys(rows).filter((n) => !models.some((m) => m.name === n))];
  const set = (name: string, field: Field, value: string) =>
    setRows({ ...rows, [name]: { ...(rows[name] ?? { input: '', cachedInput: '', output: '' }), [field]: value } });

  const save = async () => {
    // A blank row has no price; a price left half blank is refused by the schema, naming the field.
    const table = Object.fromEntries(
      Object.entries(rows)
        .filter(([, row]) => Object.values(row).some((v) => v.trim()))
        .map(([name, row]) => [
          name,
          {
            input: Number(row.input.trim() || NaN),
            ...(row.cachedInput.trim() ? { cachedInput: Number(row.cachedInput) } : {}),
            output: Number(row.output.trim() || NaN),
          },
        ]),
    );
    // Parsed under its field's name, so a message names the model and the price: "prices.gpt-4o.output: …".
    const parsed = z.object({ prices: PriceTable }).safeParse({ prices: table });
    if (!parsed.success) return setStatus({ kind: 'error', text: describeIssues(parsed.error) });
    const result = await transport.invoke('models.setPrices', parsed.data);
    if (!result.ok) return setStatus({ kind: 'error', text: result.error.message });
    pricesSaved(result.value.prices);
    setStatus({ kind: 'info', text: 'Prices saved: every cost shown is estimated with them.' });
  };

  return (
    <section className="models-section" aria-labelledby="prices-title">
      <h2 id="prices-title">Prices</h2>
      <p className="muted">
        US dollars per million tokens, for the cost estimates in the step inspector, the turn header, Compare and the
        session’s chart. Cached input is the price of prompt tokens a cache held (the input price when blank). A model
        left blank shows “no price set”; local and scripted models are free unless priced.
      </p>
      <table className="price-table" aria-label="Prices per model">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {FIELDS.map((f) => (
              <th key={f.field} scope="col">
                {f.label} $/M
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const ref = models.find((m) => m.name === name);
            return (
              <tr key={name}>
                <th scope="row">
                  {name} <span className="muted-inline">{ref ? ref.provider : 'not in the setup'}</span>
                </th>
                {FIELDS.map((f) => (
                  <td key={f.field}>
                    <input
                      type="text"
                      inputMode="decimal"
                      aria-label={`${f.label} price of ${name}`}
                      value={rows[name]?.[f.field] ?? ''}
                      placeholder={ref && FREE.has(ref.provider) ? 'free' : f.field === 'cachedInput' ? 'as input' : ''}
                      onChange={(e) => set(name, f.field, e.target.value)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="field-row">
        <button type="button" onClick={() => void save()}>
          Save prices
        </button>
        <StatusLine status={status} />
      </div>
    </section>
  );
}
