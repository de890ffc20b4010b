import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { AuditEntry } from '../../../../shared/schemas/audit';
import type { TraceStep } from '../../../../shared/schemas/trace';
import { turnUsage } from './model-usage';
import { PlanGraph } from './PlanGraph';
import { ALERT_STATUSES, isEdited, StepInspector, type PromptSource } from './StepInspector';
import { TurnTokens } from './TokenUsage';

const PLAY_INTERVAL_MS = 600;

/** How deep a step sits under the turn, for indenting the timeline. */
function depths(steps: readonly TraceStep[]): Map<string, number> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const of = (step: TraceStep): number => {
    const known = depth.get(step.id);
    if (known !== undefined) return known;
    const parent = step.parentId ? byId.get(step.parentId) : undefined;
    const d = parent ? of(parent) + 1 : 0;
    depth.set(step.id, d);
    return d;
  };
  steps.forEach(of);
  return depth;
}

/**
 * Step-through of one turn's planning: its trace steps in order (filling in live while the turn plays), the
 * orchestration graph, and an inspector for the selected step. First / previous / next / last / play, also from
 * the keyboard: Home, ←/k, →/j, End, and Space to play or pause.
 */
export function StepThrough({
  title,
  steps,
  prompts,
  audit,
  live,
  focus = null,
  source,
  onSelect,
  children,
}: {
  title: string;
  steps: readonly TraceStep[];
  prompts: ReadonlyMap<string, string>;
  audit: readonly AuditEntry[];
  live: boolean;
  focus?: string | null;
  source?: PromptSource;
  /** The step picked here (kept in the workbench's place, so a reload returns to it). */
  onSelect?: (stepId: string) => void;
  children?: ReactNode;
}) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // A turn paused at a breakpoint shows the step it waits before.
  useEffect(() => {
    if (focus) setSelectedId(focus);
  }, [focus]);
  const [playing, setPlaying] = useState(false);
  const [view, setView] = useState<'steps' | 'graph'>('steps');
  const listRef = useRef<HTMLOListElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const depth = useMemo(() => depths(steps), [steps]);
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === selectedId),
  );
  const step = steps[index];

  const go = (to: number) => {
    const target = steps[Math.min(steps.length - 1, Math.max(0, to))];
    if (target) setSelectedId(target.id);
  };

  useEffect(() => {
    if (!playing) return;
    if (index >= steps.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setSelectedId(steps[index + 1]!.id), PLAY_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [playing, index, steps]);

  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
    if (selectedId) onSelectRef.current?.(selectedId);
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, .monaco-editor')) return;
    const keys: Record<string, () => void> = {
      Home: () => go(0),
      End: () => go(steps.length - 1),
      ArrowLeft: () => go(index - 1),
      ArrowUp: () => go(index - 1),
      k: () => go(index - 1),
      ArrowRight: () => go(index + 1),
      ArrowDown: () => go(index + 1),
      j: () => go(index + 1),
      ' ': () => setPlaying((p) => !p),
    };
    const action = keys[event.key];
    if (action && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      action();
      // The inspector's content changes with the step: keep the keys working when the focused part goes away.
      sectionRef.current?.focus({ preventScroll: true });
    }
  };

  const alerts = steps.filter((s) => ALERT_STATUSES.has(s.status)).length;
  const tokens = useMemo(() => turnUsage(steps), [steps]);

  return (
    <section ref={sectionRef} className="step-through" aria-label="Step-through" tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="step-through-head">
        <h2>
          {title} {live && <span className="live-marker">planning…</span>}
        </h2>
        {tokens && <TurnTokens usage={tokens} />}
        <div className="step-controls" role="toolbar" aria-label="Step controls">
          <button type="button" onClick={() => go(0)} aria-keyshortcuts="Home" title="First step (Home)">
            <span aria-hidden="true">|◀</span>
            <span className="visually-hidden">First step</span>
          </button>
          <button
            type="button"
            onClick={() => go(index - 1)}
            aria-keyshortcuts="ArrowLeft k"
            title="Previous step (← or k)"
          >
            <span aria-hidden="true">◀</span>
            <span className="visually-hidden">Previous step</span>
          </button>
          <button
            type="button"
            onClick={() => setPlaying((p) => !p)}
            aria-keyshortcuts="Space"
            title="Play through the steps (Space)"
            aria-pressed={playing}
          >
            <span aria-hidden="true">{playing ? '❚❚' : 'Play'}</span>
            <span className="visually-hidden">{playing ? 'Pause' : 'Play steps'}</span>
          </button>
          <button
            type="button"
            onClick={() => go(index + 1)}
            aria-keyshortcuts="ArrowRight j"
            title="Next step (→ or j)"
          >
            <span aria-hidden="true">▶</span>
            <span className="visually-hidden">Next step</span>
          </button>
          <button type="button" onClick={() => go(steps.length - 1)} aria-keyshortcuts="End" title="Last step (End)">
            <span aria-hidden="true">▶|</span>
            <span className="visually-hidden">Last step</span>
          </button>
          <span className="step-position" aria-live="polite">
            {steps.length ? `Step ${index + 1} of ${steps.length}` : 'No steps'}
            {alerts > 0 && <span className="badge badge-alert">{alerts} refused or timed out</span>}
          </span>
        </div>
        <div className="segmented" role="tablist" aria-label="Planning view">
          <button type="button" role="tab" aria-selected={view === 'steps'} onClick={() => setView('steps')}>
            Steps
          </button>
          <button type="button" role="tab" aria-selected={view === 'graph'} onClick={() => setView('graph')}>
            Graph
          </button>
        </div>
      </header>
      {children}
      <div className="step-through-body">
        {view === 'steps' ? (
          <ol ref={listRef} className="step-list" aria-label="Trace steps">
            {steps.map((s, i) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={`step-row${ALERT_STATUSES.has(s.status) ? ' step-alert' : ''}`}
                  aria-current={i === index ? 'step' : undefined}
                  style={{ paddingLeft: `${0.5 + (depth.get(s.id) ?? 0) * 0.9}rem` }}
                  onClick={() => setSelectedId(s.id)}
                >
                  <span className={`agent-chip agent-${s.agent}`}>{s.agent}</span>
                  <span className="step-kind">{s.kind}</span>
                  <span className="step-label">{s.label}</span>
                  {isEdited(s) && <span className="badge badge-edited">edited</span>}
                  <span className={`status status-${s.status}`}>{s.status}</span>
                </button>
              </li>
            ))}
          </ol>
        ) : (
          <PlanGraph steps={steps} selected={step ?? null} onSelect={setSelectedId} />
        )}
        {step && (
          <StepInspector
            step={step}
            steps={steps}
            prompt={prompts.get(step.id) ?? promptOf(step)}
            audit={audit}
            {...(source ? { source } : {})}
          />
        )}
      </div>
    </section>
  );
}

/** A model step's first event carries its prompt; later, the turn's prompts as sent hold it. */
function promptOf(step: TraceStep): string | null {
  return step.kind === 'model' ? step.input.prompt : null;
}
