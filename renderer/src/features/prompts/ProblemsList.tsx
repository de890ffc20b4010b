import type { Diagnostic } from '../../../../shared/schemas/prompt-preview';

export function ProblemsList({
  diagnostics,
  onJump,
}: {
  diagnostics: Diagnostic[];
  onJump(file: string, line: number, column: number): void;
}) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems{' '}
        <span className="muted-inline">
          {diagnostics.length === 0
            ? 'none'
            : `${errors} error${errors === 1 ? '' : 's'}, ${diagnostics.length - errors} warning${diagnostics.length - errors === 1 ? '' : 's'}`}
        </span>
      </h2>
      {diagnostics.length > 0 && (
        <ul>
          {diagnostics.map((d) => (
            <li key={`${d.file}:${d.line}:${d.column}:${d.code}`}>
              <button
                type="button"
                className={`problem problem-${d.severity}`}
                onClick={() => onJump(d.file, d.line, d.column)}
              >
                <span className="problem-severity">{d.severity}</span> {d.file}:{d.line}:{d.column} {d.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
