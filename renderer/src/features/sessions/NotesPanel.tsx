import { useState, type FormEvent } from 'react';
import { NoteTag, type Note } from '../../../../shared/schemas/session';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import type { ShownTurn } from './shown-turn';
import { describeIssues } from '../../../../shared/schemas/zod-issues';

/** Playtest notes on a turn, with tags (`pacing, tone`). They are stored sealed with the session and travel with exports. */
export function NotesPanel({
  sessionId,
  turn,
  onAdded,
}: {
  sessionId: string;
  turn: Pick<ShownTurn, 'id' | 'index' | 'notes'>;
  onAdded: (note: Note) => void;
}) {
  const transport = useTransport();
  const [text, setText] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const parsedTags = tags
      .split(/[,\s]+/)
      .filter(Boolean)
      .map((tag) => NoteTag.safeParse(tag));
    const bad = parsedTags.find((t) => !t.success);
    if (bad && !bad.success) {
      setError(`A tag is letters, digits, - and _ (${describeIssues(bad.error, 1)}).`);
      return;
    }
    const result = await transport.invoke('notes.add', {
      sessionId,
      turnId: turn.id,
      text: text.trim(),
      tags: parsedTags.map((t) => t.data!),
    });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setText('');
    setTags('');
    onAdded(result.value);
  };

  return (
    <details className="notes-panel" open={turn.notes.length > 0}>
      <summary>Playtest notes ({turn.notes.length})</summary>
      <ul aria-label={`Notes on turn ${turn.index + 1}`}>
        {turn.notes.map((note) => (
          <li key={note.id}>
            {note.tags.map((tag) => (
              <span key={tag} className="badge">
                #{tag}
              </span>
            ))}{' '}
            {note.text}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void add(e)} className="note-form">
        <label>
          Note
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="What struck you about this turn?"
          />
        </label>
        <label>
          Tags
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="pacing, tone" />
        </label>
        <button type="submit" disabled={!text.trim()}>
          Add note
        </button>
      </form>
      <ErrorBanner message={error} />
    </details>
  );
}
