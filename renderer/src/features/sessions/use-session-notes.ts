import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionNote } from '../../../../shared/ipc/note-methods';
import { useTransport } from '../../app/transport-context';

/** A session's notes as the player shows them: the whole list, the count on each turn, and a way to read them again. */
export interface SessionNotes {
  notes: SessionNote[];
  /** Notes per turn id, for the marker on a noted turn. */
  counts: ReadonlyMap<string, number>;
  error: string | null;
  reload: () => Promise<void>;
}

export function useSessionNotes(sessionId: string): SessionNotes {
  const transport = useTransport();
  const [notes, setNotes] = useState<SessionNote[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await transport.invoke('notes.list', { sessionId });
    if (result.ok) {
      setNotes(result.value.notes);
      setError(null);
    } else setError(result.error.message);
  }, [transport, sessionId]);

  useEffect(() => {
    setNotes([]);
    void reload();
  }, [reload]);

  const counts = useMemo(() => {
    const byTurn = new Map<string, number>();
    for (const note of notes) byTurn.set(note.turnId, (byTurn.get(note.turnId) ?? 0) + 1);
    return byTurn;
  }, [notes]);

  return { notes, counts, error, reload };
}
