import { useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { Intent } from '../../../../shared/schemas/planning-block';
import type { Breakpoint, Paused, TraceStep } from '../../../../shared/schemas/trace';
import { useTransport } from '../../app/transport-context';
import { NarrativeDraft } from './narrative-draft';
import type { PendingTurn } from './PendingTurnCard';

/** A turn that could not be played, and how to play it again. */
export type FailedTurn = { message: string; input: string; mode: Intent; again: boolean };
/** The turn playing as its events brought it: its steps, and each model step's prompt (sent with its first event). */
export type LiveTurn = { steps: TraceStep[]; prompts: Map<string, string> };

/**
 * The turn playing in one session: played from here (`play`, `stop`, `proceed` past a breakpoint), or picked up
 * when another page (or this one before a reload) left it paused at a breakpoint. Its steps, its narrative as the
 * narrator writes it, and where it is paused arrive as events.
 */
export function useTurnPlaying({
  sessionId,
  branchId,
  breakpoints,
  onPlayed,
  onPickedUpEnded,
  onStopped,
}: {
  sessionId: string;
  branchId: string | null;
  breakpoints: Breakpoint[];
  /** A turn played from here is stored: with the steps and prompts that arrived live. */
  onPlayed: (played: MethodOutput<'turns.play'>, live: LiveTurn) => void;
  /** A picked-up turn ended: no answer comes to this page, so what it changed must be read again. */
  onPickedUpEnded: () => void;
  /** A turn stopped by the writer: nothing of it was kept. */
  onStopped: () => void;
}) {
  const transport = useTransport();
  const [playing, setPlaying] = useState(false);
  const [liveSteps, setLiveSteps] = useState<TraceStep[]>([]);
  const live = useRef<LiveTurn>({ steps: [], prompts: new Map() });
  const [failed, setFailed] = useState<FailedTurn | null>(null);
  const [paused, setPaused] = useState<Paused | null>(null);
  // The turn playing, shown at the end of the transcript with its narrative as the narrator writes it.
  const [pending, setPending] = useState<PendingTurn | null>(null);
  const draft = useMemo(() => new NarrativeDraft(), []);
  const pickedUp = useRef(false);
  const afterPickedUp = useRef(() => {});
  useEffect(() => {
    afterPickedUp.current = () => {
      pickedUp.current = false;
      setPlaying(false);
      setPaused(null);
      setPending(null);
      draft.clear();
      onPickedUpEnded();
    };
  }, [onPickedUpEnded, draft]);

  // While a turn plays, its steps arrive one by one.
  useEffect(
    () =>
      transport.on('planning.stepRecorded', ({ sessionId: from, step }) => {
        if (from !== sessionId) return;
        if (pickedUp.current && step.kind === 'turn' && step.status !== 'running') afterPickedUp.current();
        const { steps, prompts } = live.current;
        if (step.kind === 'model' && step.input.prompt !== null) prompts.set(step.id, step.input.prompt);
        const at = steps.findIndex((s) => s.id === step.id);
        const next = at < 0 ? [...steps, step] : steps.map((s, i) => (i === at ? step : s));
        live.current = { steps: next, prompts };
        setLiveSteps(next);
      }),
    [transport, sessionId],
  );

  // The narrator's prose as it is written: into the draft, which repaints only the card of the turn playing.
  useEffect(
    () =>
      transport.on('planning.narrativeWritten', ({ sessionId: from, ...piece }) => {
        if (from === sessionId) draft.write(piece);
      }),
    [transport, sessionId, draft],
  );

  useEffect(
    () =>
      transport.on('planning.paused', ({ sessionId: from, ...at }) => {
        if (from === sessionId) setPaused(at);
      }),
    [transport, sessionId],
  );

  // A turn paused at a breakpoint when the session opens is picked up here.
  useEffect(() => {
    let current = true;
    void transport.invoke('turns.paused', { sessionId }).then((result) => {
      if (!current || !result.ok || !result.value.paused) return;
      pickedUp.current = true;
      setPlaying(true);
      setPending({ input: null, mode: null, stopping: false });
      setPaused(result.value.paused);
    });
    return () => {
      current = false;
    };
  }, [transport, sessionId]);

  const play = async (input: string, mode: Intent, again = false): Promise<boolean> => {
    setPlaying(true);
    setFailed(null);
    live.current = { steps: [], prompts: new Map() };
    setLiveSteps([]);
    draft.clear();
    setPending({ input, mode, stopping: false });
    const request = {
      sessionId,
      input,
      mode,
      ...(branchId ? { branchId } : {}),
      ...(breakpoints.length ? { breakpoints } : {}),
    };
    const result = await transport.invoke(again ? 'turns.playAgain' : 'turns.play', request);
    setPlaying(false);
    setPaused(null);
    // The stored turn, appended below in the same render, takes the draft's place.
    setPending(null);
    draft.clear();
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') onStopped();
      else setFailed({ message: result.error.message, input, mode, again });
      return false;
    }
    onPlayed(result.value, live.current);
    return true;
  };

  const stop = () => {
    // What was written goes at once: a stopped turn keeps nothing, its narrative included.
    draft.clear();
    setPending((p) => p && { ...p, stopping: true });
    void transport.invoke('turns.stop', { sessionId });
    // A stopped turn stores nothing and its root step never ends: a picked-up one ends here.
    if (pickedUp.current) afterPickedUp.current();
  };

  /** Goes on past the breakpoint it is paused at, with an edited answer, or without stopping again. */
  const proceed = async (answer: string | undefined, withoutBreaks: boolean): Promise<string | null> => {
    setPaused(null);
    const result = await transport.invoke('turns.continue', {
      sessionId,
      ...(answer !== undefined ? { answer } : {}),
      ...(withoutBreaks ? { withoutBreaks } : {}),
    });
    return result.ok ? null : result.error.message;
  };

  return {
    playing,
    liveSteps,
    prompts: live.current.prompts,
    failed,
    dismissFailed: () => setFailed(null),
    paused,
    pending,
    draft,
    play,
    stop,
    proceed,
  };
}
