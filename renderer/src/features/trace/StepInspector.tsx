import { useEffect, useState, type ReactNode } from 'react';
import type { Segment } from '../../../../shared/schemas/prompt-preview';
import { describeSource } from '../prompts/provenance';
import { WARNING_MEANINGS } from '../../../../shared/rules/warning-meanings';
import type { AuditEntry } from '../../../../shared/schemas/audit';
import type { TraceStep } from '../../../../shared/schemas/trace';
import { count } from '../costs/cost-text';
import { callUsage } from './model-usage';
import { CallTokens } from './TokenUsage';

export const ALERT_STATUSES = new Set<TraceStep['status']>(['refused', 'timeout', 'error']);

/** Fetches where each part of a stored turn's prompt came from; absent for a turn still playing. */
export type PromptSource = (stepId: string) => Promise<Segment[] | null>;

/**
 * A prompt as sent, each part marked with where it came from (its prompt file and line, an injected schema, a
 * value of this turn): hover to see. Plain text while that is fetched, or when the files do not line up.
 */
function PromptAsSent({
  prompt,
  source,
  stepId,
}: {
  prompt: string;
  source: PromptSource | undefined;
  stepId?: string;
}) {
  const [segments, setSegments] = useState<Segment[] | null>(null);
  useEffect(() => {
    setSegments(null);
    if (!source || !stepId) return;
    let current = true;
    void source(stepId).then((found) => current && setSegments(found));
    return () => {
      current = false;
    };
  }, [source, stepId]);
  return (
    <pre className="code-block" aria-label="Prompt as sent">
      {segments
        ? segments.map((s) => (
            <span key={s.start} className={`seg seg-${s.source.kind}`} title={describeSource(s.source, 'of this turn')}>
              {prompt.slice(s.start, s.end)}
            </span>
          ))
        : prompt}
    </pre>
  );
}

const json = (value: unknown) => JSON.stringify(value, null, 2) ?? 'null';

function Section({ title, children, open = true }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="inspector-section" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** A check that ran on an answer edited at a breakpoint, not on the model's own. */
export const isEdited = (step: TraceStep): boolean => step.kind === 'validation' && step.input?.edited === true;

/** The model's own answer an edited check replaced: the last model call before it under the same parent. */
function modelAnswerBefore(step: TraceStep, steps: readonly TraceStep[]): string | null {
  const at = steps.indexOf(step);
  const call = steps
    .slice(0, at < 0 ? steps.length : at)
    .filter((s) => s.kind === 'model' && s.parentId === step.parentId)
    .at(-1);
  return call?.kind === 'model' ? (call.output?.raw ?? null) : null;
}

/**
 * Everything about one step: the prompt as sent, the raw answer, what was parsed from it, the warnings, the tool
 * calls it made and the audit entries it left. A refused tool access or a timeout says so first.
 */
export function StepInspector({
  step,
  steps,
  prompt,
  audit,
  source,
}: {
  step: TraceStep;
  steps: readonly TraceStep[];
  prompt: string | null;
  audit: readonly AuditEntry[];
  source?: PromptSource;
}) {
  const children = steps.filter((s) => s.parentId === step.id);
  const tools = [step, ...children].filter((s) => s.kind === 'tool');
  const own = new Set([step.id, ...children.map((c) => c.id)]);
  const entries = audit.filter((entry) => entry.stepId !== null && own.has(entry.stepId));
  const raw = step.kind === 'model' ? (step.output?.raw ?? null) : null;
  const usage = callUsage(step);
  const duration = step.endMs === null ? 'running' : `${(step.endMs - step.startMs).toFixed(1)} ms`;
  return (
    <section className="step-inspector" aria-label="Step inspector">
      <header>
        <h3>{step.label}</h3>
        <p className="muted-inline">
          {step.agent} · {step.kind} · <span className={`status status-${step.status}`}>{step.status}</span> ·{' '}
          {duration}
        </p>
      </header>
      {isEdited(step) && step.kind === 'validation' && (
        <>
          <p className="banner" role="note" aria-label="Edited answer">
            <span className="badge badge-edited">edited</span> This check ran on an answer edited at a breakpoint, not
            on the model’s own.
          </p>
          <Section title="Your edit">
            <pre className="code-block" aria-label="Edited answer text">
              {step.input.answer ?? ''}
            </pre>
          </Section>
          <Section title="The model’s answer">
            <pre className="code-block" aria-label="Model's own answer">
              {modelAnswerBefore(step, steps) ?? '(not recorded)'}
            </pre>
          </Section>
        </>
      )}
      {ALERT_STATUSES.has(step.status) && (
        <p className="banner banner-error" role="alert">
          {step.status === 'refused' ? 'Refused: ' : step.status === 'timeout' ? 'Timed out: ' : 'Failed: '}
          {step.warnings[0]?.message ?? step.label}
        </p>
      )}
      {step.warnings.length > 0 && (
        <Section title={`Warnings (${step.warnings.length})`}>
          <ul className="turn-warnings">
            {step.warnings.map((w, i) => (
              <li key={i}>
                <strong>{w.code}</strong> {w.message}
                <span className="warning-meaning">{WARNING_MEANINGS[w.code]}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {prompt !== null && (
        <Section title={`Prompt as sent (${count(prompt.length)} characters)`} open={false}>
          <PromptAsSent prompt={prompt} source={source} stepId={step.id} />
        </Section>
      )}
      {usage && (
        <Section title="Tokens">
          <CallTokens usage={usage} />
        </Section>
      )}
      {raw !== null && (
        <Section title="Raw answer">
          <pre className="code-block" aria-label="Raw answer">
            {raw}
          </pre>
        </Section>
      )}
      {step.kind !== 'model' && step.kind !== 'tool' && step.output !== null && step.output !== undefined && (
        <Section title="Result">
          <pre className="code-block" aria-label="Parsed result">
            {json(step.output)}
          </pre>
        </Section>
      )}
      {step.kind !== 'model' && step.kind !== 'tool' && step.input !== null && step.input !== undefined && (
        <Section title="Input" open={false}>
          <pre className="code-block">{json(step.input)}</pre>
        </Section>
      )}
      {tools.length > 0 && (
        <Section title={`Tool calls (${tools.length})`}>
          <ul className="tool-calls">
            {tools.map((tool) => (
              <li key={tool.id} className={ALERT_STATUSES.has(tool.status) ? 'step-alert' : ''}>
                <strong>{tool.label}</strong> <span className={`status status-${tool.status}`}>{tool.status}</span>
                <pre className="code-block">in: {json(tool.input)}</pre>
                <pre className="code-block">out: {json(tool.output)}</pre>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {entries.length > 0 && (
        <Section title={`Audit entries (${entries.length})`}>
          <ul className="audit-entries">
            {entries.map((entry) => (
              <li key={entry.seq}>
                #{entry.seq} <strong>{entry.kind}</strong> by {entry.agent}
                <pre className="code-block">{json(entry.detail)}</pre>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </section>
  );
}
