import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { describeSource as describe } from './provenance';
import type { Preview } from './use-live-preview';

interface Props {
  target: PreviewTarget;
  onTarget(target: PreviewTarget): void;
  preview: Preview | null;
  error: string | null;
  onJump(file: string, line: number): void;
}

export const TARGET_LABELS: Record<PreviewTarget, string> = {
  story: 'Story narrator',
  think: 'Think narrator',
  orchestrator: 'Orchestrator',
  strategic: 'Strategic agent',
  tactical: 'Tactical agent',
  perception: 'Perception agent',
  planner: 'Centralized planner (baseline)',
};

/** The exact prompt a target receives, with where each part came from: hover names the source, a click opens it. */
export function PreviewPane({ target, onTarget, preview, error, onJump }: Props) {
  return (
    <section className="preview-pane" aria-label="Prompt preview">
      <div className="preview-toolbar">
        <h2>Preview</h2>
        <label>
          Target{' '}
          <select value={target} onChange={(event) => onTarget(event.target.value as PreviewTarget)}>
            {(Object.keys(TARGET_LABELS) as PreviewTarget[]).map((key) => (
              <option key={key} value={key}>
                {TARGET_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {preview && (
        <p className="preview-meta" aria-label="Preview summary">
          {preview.label} · <span data-testid="token-count">{preview.tokenEstimate.toLocaleString()} tokens</span>{' '}
          (o200k)
          {Object.entries(preview.schemaHashes).map(([name, hash]) => (
            <span key={name}>
              {' '}
              · {name} <code>{hash}</code>
            </span>
          ))}
        </p>
      )}
      {(error ?? preview?.error) && (
        <p className="status status-error" role="alert">
          The prompt cannot be assembled: {error ?? preview?.error}
        </p>
      )}
      <pre className="preview-text" aria-label="Assembled prompt" tabIndex={0}>
        {preview?.segments.map((segment) => {
          const text = preview.text.slice(segment.start, segment.end);
          const source = segment.source;
          if (source.kind === 'template') {
            return (
              <span
                key={segment.start}
                className="seg seg-template"
                title={describe(source)}
                data-file={source.file}
                data-line={source.line}
                onClick={() => onJump(source.file, source.line)}
              >
                {text}
              </span>
            );
          }
          return (
            <span key={segment.start} className={`seg seg-${source.kind}`} title={describe(source)}>
              {text}
            </span>
          );
        })}
      </pre>
    </section>
  );
}
