import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { SearchHit } from '../../../../shared/ipc/search-methods';
import { choiceInput } from '../../../../shared/rules/choice-input';
import type { Choice, Intent } from '../../../../shared/schemas/planning-block';
import { timelineEntryOf } from '../../../../shared/schemas/session';
import type { Breakpoint } from '../../../../shared/schemas/trace';
import { BreakpointsPicker } from '../trace/BreakpointsPicker';
import { TurnCost } from '../costs/TurnCost';
import { preload } from '../../app/editor-views';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import { TakeBackTools } from './TakeBackTools';
import { TurnFailure } from './TurnFailure';
import { CompareDialog } from './CompareDialog';
import { NotesPanel } from './NotesPanel';
import { PendingTurnCard } from './PendingTurnCard';
import { RerunPanel } from './RerunPanel';
import { SessionSearch } from './SessionSearch';
import { shownPlayedTurn } from './shown-turn';
import { useShownTurn } from './use-shown-turn';
import { PlanningBlockView } from './PlanningBlockView';
import { PlayerHead } from './PlayerHead';
import { PlayInput } from './PlayInput';
import { PlayerSteps } from './PlayerSteps';
import { TurnChanges } from './TurnChanges';
import { TurnList } from './TurnList';
import { useSessionNotes } from './use-session-notes';
import { useTimeline } from './use-timeline';
import { useTurnPlaying } from './use-turn-playing';
import { usePlacedTurn } from './use-placed-turn';
import { usePlayerPanes } from './use-player-panes';
import type { WorkbenchPlace } from '../../../../shared/schemas/open-place';
import type { GoTo } from '../../app/use-place';

type SessionInfo = MethodOutput<'sessions.get'>;
type Status = { kind: 'info' | 'error'; text: string } | null;

/**
 * One open session: its turns, the planning block of the selected turn, the input, and the step-through of the
 * selected turn (or of the turn playing, live).
 */
export function PlayerPane({
  sessionId,
  startTurn,
  place,
  onPlace,
  onForked,
  onChanged,
}: {
  sessionId: string;
  /** The 1-based turn to select first (from the URL), in place of the latest. */
  startTurn?: number | undefined;
  /** The workbench's place (the URL): this session's branch, turn and step, followed and written here. */
  place: WorkbenchPlace;
  onPlace: GoTo;
  onForked: (sessionId: string) => void;
  onChanged: () => void;
}) {
  const transport = useTransport();
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const [branchId, setBranchId] = useState<string | null>(place.branch ?? null);
  const timeline = useTimeline(sessionId, branchId);
  const notes = useSessionNotes(sessionId);
  const [selected, setSelected] = usePlacedTurn(timeline.total, place.turn, onPlace);
  const [status, setStatus] = useState<Status>(null);
  const showError = useCallback((text: string) => setStatus({ kind: 'error', text }), []);
  const selectedEntry = selected === null ? undefined : timeline.at(selected);
  const { turn, show } = useShownTurn(
    transport,
    sessionId,
    selectedEntry?.id ?? null,
    selected !== null && selected === timeline.total - 1,
    showError,
    startTurn === undefined ? { branchId } : undefined,
  );
  const [breakpoints, setBreakpoints] = useState<Breakpoint[]>([]);
  // A turn will pause: the answer's editor is loaded ahead of it.
  useEffect(() => {
    if (breakpoints.length) preload.pausePanel();
  }, [breakpoints.length]);
  const [comparing, setComparing] = useState(false);
  // The session search's current match, marked in its turn (or note); Ctrl+F inside the layout focuses the search.
  const layout = useRef<HTMLDivElement>(null);
  const [match, setMatch] = useState<SearchHit | null>(null);
  const onMatch = useCallback(
    (hit: SearchHit | null, move: boolean) => {
      setMatch(hit);
      if (hit && move) setSelected(hit.index);
    },
    [setSelected],
  );
  const panes = usePlayerPanes();

  const loadInfo = useCallback(async () => {
    const result = await transport.invoke('sessions.get', { sessionId });
    if (result.ok) setInfo(result.value);
    else setStatus({ kind: 'error', text: result.error.message });
  }, [transport, sessionId]);

  useEffect(() => {
    setInfo(null);
    setSelected(null);
    show(null);
    setStatus(null);
    void loadInfo();
  }, [loadInfo, show, setSelected]);

  // The latest turn is selected once the timeline knows it (a turn the place names is selected by usePlacedTurn),
  // and a selection past the end (turns taken back) moves to the new last turn.
  const { total } = timeline;
  useEffect(() => {
    setSelected((s) => (s === null || s >= total ? (total ? total - 1 : null) : s));
  }, [total, setSelected]);

  /** A picked-up turn has no answer coming to this page: when it ends, the timeline is read again. */
  const { reload: reloadTimeline } = timeline;
  const onPickedUpEnded = useCallback(() => {
    reloadTimeline();
    onChanged();
  }, [reloadTimeline, onChanged]);
  const turnPlaying = useTurnPlaying({
    sessionId,
    branchId,
    breakpoints,
    onPlayed: (played, live) => {
      timeline.append(
        timelineEntryOf(played, { id: played.turnId, branchId: played.branchId, createdAt: played.createdAt }),
      );
      // Its steps came live: shown from them, and fetched only when they did not all arrive.
      const kept = shownPlayedTurn(played, live.steps, live.prompts);
      if (kept) show(kept);
      setSelected(played.index);
      onChanged();
    },
    onPickedUpEnded,
    onStopped: () =>
      setStatus({
        kind: 'info',
        text: 'Stopped: nothing of the turn was kept, and the session is as it was. What you typed is still in the box.',
      }),
  });
  const { playing, failed, paused, pending, draft, stop } = turnPlaying;
  const play = (input: string, mode: Intent, again = false) => {
    setStatus(null);
    return turnPlaying.play(input, mode, again);
  };

  const last = total ? timeline.at(total - 1) : undefined;
  const playAgain = (input?: string) => (last ? play(input ?? last.input, last.mode, true) : Promise.resolve(false));
  const takenBack = () => {
    show(null);
    reloadTimeline();
    void loadInfo();
    onChanged();
  };

  const choose = (id: string, choice: Choice) => {
    const { input, mode } = choiceInput(id, choice, turn ?? { input: choice.text });
    void play(input, mode);
  };

  const fork = async () => {
    if (!turn) return;
    const result = await transport.invoke('sessions.fork', {
      sessionId,
      turnId: turn.id,
      ...(branchId ? { branchId } : {}),
    });
    if (!result.ok) setStatus({ kind: 'error', text: result.error.message });
    else onForked(result.value.id);
  };

  const proceed = async (answer: string | undefined, withoutBreaks: boolean) => {
    const problem = await turnPlaying.proceed(answer, withoutBreaks);
    if (problem) setStatus({ kind: 'error', text: problem });
  };

  const turnId = turn?.id;
  const promptSource = useCallback(
    async (stepId: string) => {
      if (!turnId) return null;
      const result = await transport.invoke('turns.promptSource', { sessionId, turnId, stepId });
      return result.ok ? result.value.segments : null;
    },
    [transport, sessionId, turnId],
  );
  return (
    <div className="player-layout" ref={layout} style={panes.layout}>
      <main className="player" aria-label="Player">
        <PlayerHead
          sessionId={sessionId}
          info={info}
          last={last}
          total={total}
          branchId={branchId}
          onBranch={(id) => {
            setBranchId(id);
            onPlace({ branch: id === info?.session.mainBranchId ? undefined : id });
          }}
          onCompare={() => setComparing(true)}
        >
          <SessionSearch
            sessionId={sessionId}
            branchId={branchId}
            turns={total}
            notes={notes.notes}
            scope={layout}
            onMatch={onMatch}
          />
        </PlayerHead>
        {status && (
          <p
            className={status.kind === 'error' ? 'banner banner-error' : 'banner'}
            role={status.kind === 'error' ? 'alert' : 'status'}
          >
            {status.text}
          </p>
        )}
        {failed && (
          <TurnFailure
            message={failed.message}
            input={failed.input}
            busy={playing}
            onRetry={() => void play(failed.input, failed.mode, failed.again)}
            onDismiss={turnPlaying.dismissFailed}
          />
        )}
        <ErrorBanner message={timeline.error} />
        <TurnList
          timeline={timeline}
          selected={selected}
          onSelect={setSelected}
          noteCounts={notes.counts}
          match={match}
          revealFirst={startTurn === undefined ? undefined : startTurn - 1}
          pending={playing && pending ? <PendingTurnCard index={total} turn={pending} draft={draft} /> : null}
        />
        {turn && panes.toolsSplitter}
        {turn && (
          <div className="turn-tools" style={panes.tools}>
            <div className="turn-tools-head">
              <strong>Turn {turn.index + 1}</strong>
              <TurnCost steps={turn.trace} />
              <button type="button" className="button-secondary" onClick={() => void fork()}>
                Fork from turn {turn.index + 1}
              </button>
            </div>
            {last && (
              <TakeBackTools
                sessionId={sessionId}
                branchId={branchId}
                turnId={turn.id}
                index={turn.index}
                last={last.index}
                input={turn.input}
                busy={playing}
                onPlayAgain={playAgain}
                onChanged={takenBack}
              />
            )}
            <RerunPanel key={turn.id} sessionId={sessionId} turnId={turn.id} index={turn.index} />
            {turn.planningBlock && (
              <PlanningBlockView
                block={turn.planningBlock}
                onChoose={choose}
                disabled={playing || selected !== total - 1}
              />
            )}
            <TurnChanges sessionId={sessionId} turnId={turn.id} />
            <NotesPanel
              sessionId={sessionId}
              turn={turn}
              // A changed note may change the session's tags, which the session list shows and searches.
              notes={{ ...notes, reload: () => notes.reload().then(onChanged) }}
              onOpenTurn={setSelected}
              match={match}
            />
          </div>
        )}
        <BreakpointsPicker value={breakpoints} onChange={setBreakpoints} />
        <PlayInput playing={playing} onPlay={play} onStop={stop} />
      </main>
      {panes.stepsSplitter}
      {comparing && info && (
        <CompareDialog
          sessionId={sessionId}
          branchId={branchId}
          architecture={info.session.architecture}
          onClose={() => setComparing(false)}
        />
      )}
      <PlayerSteps
        live={
          playing
            ? {
                steps: turnPlaying.liveSteps,
                prompts: turnPlaying.prompts,
                paused,
                onContinue: (answer, withoutBreaks) => void proceed(answer, withoutBreaks),
                onStop: stop,
              }
            : null
        }
        turn={turn}
        source={promptSource}
        step={place.step ?? null}
        onStep={(step) => onPlace({ step }, 'replace')}
      />
    </div>
  );
}
