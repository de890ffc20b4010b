import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { unknownFieldsProblem } from '../../../../shared/rules/unknown-fields';
import type { Paused } from '../../../../shared/schemas/trace';
import { jsonDefaults, monaco } from '../../ui/monaco-setup';
import { useColorScheme } from '../../ui/use-color-scheme';

/** Pretty-prints an answer for editing when it is JSON; leaves it as it came otherwise. */
function readable(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/**
 * A turn waiting at a breakpoint: which step it waits before, and, when that step checks a model's answer, the
 * answer in Monaco, checked against its schema as you type (a field the schema does not know is a problem too).
 * An edited answer is marked and can be reverted to the model's own. Continue sends it on unchanged or as
 * edited; Continue without breaks also lets the rest of the turn play through.
 */
export function PausePanel({
  paused,
  onContinue,
  onStop,
}: {
  paused: Paused;
  onContinue: (answer: string | undefined, withoutBreaks: boolean) => void;
  onStop: () => void;
}) {
  const scheme = useColorScheme();
  const answer = paused.answer;
  const uri = useMemo(() => monaco.Uri.parse(`inmemory://answers/${paused.step.id}.json`), [paused.step.id]);
  const initial = useMemo(() => (answer ? readable(answer.raw) : ''), [answer]);
  const [text, setText] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const editor = useRef<Parameters<OnMount>[0] | null>(null);

  useEffect(() => {
    if (!answer) return;
    // The schema the engine checks the answer against, bound to this editor's model only.
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      schemas: [
        {
          uri: `inmemory://schemas/${answer.schemaName}.json`,
          fileMatch: [uri.toString()],
          schema: answer.jsonSchema as object,
        },
      ],
    });
    const watch = monaco.editor.onDidChangeMarkers((uris) => {
      if (!uris.some((u) => u.toString() === uri.toString())) return;
      setProblems(
        monaco.editor
          .getModelMarkers({ resource: uri })
          .filter((m) => m.severity >= monaco.MarkerSeverity.Warning)
          .map((m) => `Line ${m.startLineNumber}: ${m.message}`),
      );
    });
    return () => watch.dispose();
  }, [answer, uri]);

  const changed = answer !== null && text !== initial;
  const unknown = answer ? unknownFieldsProblem(answer.jsonSchema, text, answer.schemaName) : null;
  const shownProblems = [...(unknown ? [unknown] : []), ...problems];
  const revert = () => {
    editor.current?.setValue(initial);
    setText(initial);
  };
  return (
    <section className="pause-panel" aria-label="Paused at a breakpoint">
      <p className="banner" role="status">
        Paused before <strong>{paused.step.label}</strong> ({paused.step.agent} · {paused.step.kind}).
        {answer
          ? ` Edit the ${answer.schemaName} answer below, or continue with the model's own.`
          : ' Continue when you are ready.'}
      </p>
      {answer && (
        <>
          <div className="answer-editor">
            <Editor
              path={uri.toString()}
              defaultLanguage="json"
              defaultValue={initial}
              theme={scheme === 'dark' ? 'vs-dark' : 'vs'}
              onChange={(value) => setText(value ?? '')}
              onMount={(mounted) => (editor.current = mounted)}
              options={{
                ariaLabel: `${answer.schemaName} answer`,
                minimap: { enabled: false },
                fontSize: 13,
                scrollBeyondLastLine: false,
                automaticLayout: true,
                wordWrap: 'on',
              }}
              loading={<p className="muted">Loading the editor…</p>}
            />
          </div>
          <p
            className={shownProblems.length ? 'banner banner-error' : 'muted-inline'}
            role="status"
            aria-label="Answer check"
          >
            {shownProblems.length
              ? `${shownProblems.length} problem${shownProblems.length > 1 ? 's' : ''} against ${answer.schemaName}: ${shownProblems.slice(0, 3).join('; ')}`
              : `Valid against ${answer.schemaName}.`}
          </p>
          {changed && (
            <p className="edited-note" role="status" aria-label="Edit state">
              <span className="badge badge-edited">edited</span> This answer is yours, not the model’s.{' '}
              <button type="button" className="button-secondary" onClick={revert}>
                Revert to the model’s answer
              </button>
            </p>
          )}
        </>
      )}
      <div className="pause-actions">
        <button type="button" onClick={() => onContinue(changed ? compact(text) : undefined, false)}>
          {changed ? 'Continue with the edit' : 'Continue'}
        </button>
        <button
          type="button"
          className="button-secondary"
          title="Go on, and pass every other breakpoint of this turn"
          onClick={() => onContinue(changed ? compact(text) : undefined, true)}
        >
          Continue without breaks
        </button>
        <button type="button" className="button-secondary" onClick={onStop}>
          Stop the turn
        </button>
      </div>
    </section>
  );
}

/** The edit as one line of JSON when it parses (what a model sends); as typed otherwise, for the check to refuse. */
function compact(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
