import type { CaseResult } from '../../../../shared/schemas/playtest/report';
import { cellDetailOf, matrixOf } from './playtest-view-model';

const MARK: Record<CaseResult['status'], string> = { passed: '✓ passed', failed: '✗ failed', error: '! error' };

/** The pass/fail matrix: a row a script, a column a combination (model · architecture · seed · prompts). */
export function PlaytestMatrix({ cases }: { cases: readonly CaseResult[] }) {
  const matrix = matrixOf(cases);
  return (
    <div className="playtest-matrix-scroll">
      <table className="playtest-matrix" aria-label="Matrix">
        <thead>
          <tr>
            <th scope="col">Script</th>
            {matrix.combinations.map(({ key, combination }) => (
              <th scope="col" key={key} title={key}>
                <span className="combination-model">{combination.model}</span>
                <span className="combination-rest">
                  {combination.architecture} · seed {combination.seed}
                </span>
                <span className="combination-rest">{combination.prompts}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.scripts.map(({ script, title }) => (
            <tr key={script}>
              <th scope="row" title={script}>
                {title}
                <span className="muted-inline">{script}</span>
              </th>
              {matrix.combinations.map(({ key }) => {
                const c = matrix.cells.get(script)?.get(key);
                if (!c) return <td key={key} className="cell-none" aria-label="not played" />;
                const detail = cellDetailOf(c);
                return (
                  <td key={key} className={`cell-${c.status}`} title={c.error ?? c.id}>
                    {MARK[c.status]}
                    {detail && <span className="cell-detail">{detail}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
