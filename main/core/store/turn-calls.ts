import { modelCallsOf } from '../../../shared/rules/cost';
import type { ModelCall } from '../../../shared/schemas/model-call';
import { SEALED } from './sealed-kinds';
import type { StoreRoom } from './store-room';

interface CallsRow {
  id: string;
  calls_sealed: Buffer | null;
  /** Only for a turn stored before its calls were kept. */
  trace_sealed: Buffer | null;
}

/**
 * Each turn's model calls, for usage and cost: the few hundred bytes kept beside its trace, not the trace. A turn
 * stored before they were kept (migration 9) has them read from its trace once, and kept from then on.
 */
export class TurnCalls {
  constructor(private readonly room: StoreRoom) {}

  /** The calls of these turns of the session, in their order; a turn the session does not have gives none. */
  of(sessionId: string, turnIds: readonly string[]): ModelCall[][] {
    const cipher = this.room.keys.cipher(sessionId);
    const rows = this.room
      .sql(
        `SELECT id, calls_sealed, CASE WHEN calls_sealed IS NULL THEN trace_sealed END AS trace_sealed
         FROM turns WHERE session_id = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .all(sessionId, JSON.stringify(turnIds)) as CallsRow[];
    const byId = new Map<string, ModelCall[]>();
    const kept: { id: string; sealed: Buffer }[] = [];
    for (const row of rows) {
      if (row.calls_sealed) {
        byId.set(row.id, cipher.open(SEALED.calls, row.id, row.calls_sealed));
        continue;
      }
      const calls = modelCallsOf(cipher.open(SEALED.trace, row.id, row.trace_sealed!));
      kept.push({ id: row.id, sealed: cipher.seal(SEALED.calls, row.id, calls) });
      byId.set(row.id, calls);
    }
    // One commit for the page's older turns, not one (and one sync) each.
    if (kept.length) {
      const keep = this.room.sql('UPDATE turns SET calls_sealed = ? WHERE id = ? AND calls_sealed IS NULL');
      this.room.db.transaction(() => kept.forEach(({ id, sealed }) => keep.run(sealed, id)))();
    }
    return turnIds.map((id) => byId.get(id) ?? []);
  }
}
