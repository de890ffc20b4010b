import { useEffect, useRef } from 'react';
import type { PreviewTarget, Segment } from '../../../../shared/schemas/prompt-preview';
import { describeSource as describe } from './provenance';
import type { Preview } from './use-live-preview';

/** A line of a prompt file: where the editor's cursor is. */
export interface SourceLine {
  file: string;
  line: number;
}

interface Props {
  target: PreviewTarget;
  onTarget(target: PreviewTarget): void;
  preview: Preview | null;
  error: string | null;
  onJump(file: string, line: number): void;
  /** The line being edited: the preview keeps the part made from it in view. */
  editing: SourceLine | null;
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

/** The segment made from a file's line, or from the nearest line above it that made one (an include line makes none). */
export function segmentOfLine(segments: readonly Segment[], at: SourceLine): Segment | undefined {
  let best: Segment | undefined;
  let bestLine = 0;
  for (const segment of segments) {
    const source = segment.source;
    if (source.kind !== 'template' && source.kind !== 'unresolved') continue;
    if (source.file !== at.file || source.line > at.line || source.line <= bestLine) continue;
    best = segment;
    bestLine = source.line;
  }
  return best;
}

/** The exact prompt a target receives, with where each part came from: hover names the source, a click opens it. */
export function PreviewPane({ target, onTarget, preview, error, onJump, editing }: Props) {
  const textRef = useRef<HTMLPreElement>(null);
  const current = preview && editing ? segmentOfLine(preview.segments, editing) : undefined;
  const marked = preview?.segments.filter((s) => s.source.kind === 'unresolved').length ?? 0;

  // Keep the part being edited in the middle of the preview, scrolling the preview only (never the page).
  useEffect(() => {
    const pre = textRef.current;
    const span = pre?.querySelector<HTMLElement>('.seg-current');
    if (!pre || !span) return;
    const offset = span.getBoundingClientRect().top - pre.getBoundingClientRect().top;
    pre.scrollTop += offset - pre.clientHeight / 2;
  }, [current?.start, preview]);

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
          {marked > 0 && (
            <span className="preview-unresolved">
              {' '}
              · {marked} unfilled {marked === 1 ? 'part' : 'parts'} marked in place
            </span>
          )}
        </p>
      )}
      {(error ?? preview?.error) && (
        <p className="status status-error" role="alert">
          The prompt cannot be assembled: {error ?? preview?.error}
        </p>
      )}
      <pre className="preview-text" aria-label="Assembled prompt" tabIndex={0} ref={textRef}>
        {preview?.segments.map((segment) => {
          const text = preview.text.slice(segment.start, segment.end);
          const source = segment.source;
          const here = segment === current ? ' seg-current' : '';
          if (source.kind === 'template' || source.kind === 'unresolved') {
            return (
              <span
                key={segment.start}
                className={`seg seg-${source.kind}${here}`}
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
