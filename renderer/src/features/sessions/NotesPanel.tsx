import { useRef, useState, type FormEvent } from 'react';
import type { SessionNote } from '../../../../shared/ipc/note-methods';
import type { SearchHit } from '../../../../shared/ipc/search-methods';
import { NoteTag } from '../../../../shared/schemas/session';
import { useTransport } from '../../app/transport-context';
import { EnumSelect, ErrorBanner } from '../../ui/controls';
import { MarkedText } from './MarkedText';
import type { ShownTurn } from './shown-turn';
import { useRevealMatch } from './use-reveal-match';
import type { SessionNotes } from './use-session-notes';

/** Tags as typed (`pacing, tone`), each checked; a bad one is named in the message. */
function readTags(typed: string): { tags: string[] } | { error: string } {
  const tags: string[] = [];
  for (const tag of typed.split(/[,\s]+/).filter(Boolean)) {
    const parsed = NoteTag.safeParse(tag);
    if (!parsed.success) return { error: `The tag “${tag}” is not a tag: a tag is letters, digits, - and _.` };
    tags.push(parsed.data);
  }
  return { tags };
}

/** A note's text and tags, typed: to add a note or to change one. */
function NoteForm({
  initial = { text: '', tags: [] },
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: { text: string; tags: string[] };
  submitLabel: string;
  onSubmit: (note: { text: string; tags: string[] }) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const [text, setText] = useState(initial.text);
  const [tags, setTags] = useState(initial.tags.join(', '));
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = readTags(tags);
    if ('error' in read) {
      setError(read.error);
      return;
    }
    const failed = await onSubmit({ text: text.trim(), tags: read.tags });
    setError(failed);
    if (!failed && !onCancel) {
      setText('');
      setTags('');
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="note-form">
      <label>
        Note
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="What struck you about this turn?" />
      </label>
      <label>
        Tags
        <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="pacing, tone" />
      </label>
      <button type="submit" disabled={!text.trim()}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorBanner message={error} />
    </form>
  );
}

function NoteTags({ tags }: { tags: string[] }) {
  return tags.map((tag) => (
    <span key={tag} className="badge">
      #{tag}
    </span>
  ));
}

/**
 * Playtest notes on a turn, with tags (`pacing, tone`), each one editable and deletable (both audited), and the
 * session's notes narrowed by a tag. Notes are stored sealed with the session and travel with exports.
 */
export function NotesPanel({
  sessionId,
  turn,
  notes,
  onOpenTurn,
  match = null,
}: {
  sessionId: string;
  turn: Pick<ShownTurn, 'id' | 'index'>;
  notes: SessionNotes;
  onOpenTurn: (index: number) => void;
  /** The session search's current match: marked when it is in one of this turn's notes. */
  match?: SearchHit | null;
}) {
  const transport = useTransport();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const ofTurn = notes.notes.filter((n) => n.turnId === turn.id);
  const tags = [...new Set(notes.notes.flatMap((n) => n.tags))].sort();
  const listed = tag ? notes.notes.filter((n) => n.tags.includes(tag)) : notes.notes;
  const panel = useRef<HTMLDetailsElement>(null);
  const inNote = match?.field === 'note' && match.turnId === turn.id ? match : null;
  useRevealMatch(inNote, panel);

  const add = async (note: { text: string; tags: string[] }) => {
    const result = await transport.invoke('notes.add', { sessionId, turnId: turn.id, ...note });
    if (!result.ok) return result.error.message;
    await notes.reload();
    return null;
  };
  const edit = async (noteId: string, note: { text: string; tags: string[] }) => {
    const result = await transport.invoke('notes.edit', { sessionId, noteId, ...note });
    if (!result.ok) return result.error.message;
    setEditing(null);
    await notes.reload();
    return null;
  };
  const remove = async (note: SessionNote) => {
    const result = await transport.invoke('notes.delete', { sessionId, noteId: note.id });
    setError(result.ok ? null : result.error.message);
    if (result.ok) await notes.reload();
  };

  return (
    <>
      <details key={turn.id} ref={panel} className="notes-panel" open={ofTurn.length > 0 || inNote !== null}>
        <summary>Playtest notes ({ofTurn.length})</summary>
        <ul aria-label={`Notes on turn ${turn.index + 1}`}>
          {ofTurn.map((note) =>
            editing === note.id ? (
              <li key={note.id}>
                <NoteForm
                  initial={note}
                  submitLabel="Save note"
                  onSubmit={(change) => edit(note.id, change)}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={note.id} className="note-item">
                <NoteTags tags={note.tags} />{' '}
                <MarkedText text={note.text} mark={inNote?.noteId === note.id ? inNote : null} />
                <button type="button" className="link-button" onClick={() => setEditing(note.id)}>
                  Edit
                </button>
                <button type="button" className="link-button danger" onClick={() => void remove(note)}>
                  Delete
                </button>
              </li>
            ),
          )}
        </ul>
        <NoteForm submitLabel="Add note" onSubmit={add} />
        <ErrorBanner message={error ?? notes.error} />
      </details>
      {notes.notes.length > 0 && (
        <section className="session-notes" aria-label="Notes in this session">
          <div className="session-notes-head">
            <strong>Notes in this session</strong>
            <EnumSelect label="Tag" value={tag} options={tags} none="Every tag" onChange={setTag} />
          </div>
          <ul>
            {listed.map((note) => (
              <li key={note.id}>
                <button type="button" className="link-button" onClick={() => onOpenTurn(note.turnIndex)}>
                  Turn {note.turnIndex + 1}
                </button>
                <NoteTags tags={note.tags} /> {note.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
