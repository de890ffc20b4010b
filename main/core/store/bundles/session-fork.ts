import { randomUUID } from 'node:crypto';
import type { BundleRecord } from '../../../../shared/schemas/bundle';
import type { SessionSummary } from '../../../../shared/schemas/session';
import type { SessionStore } from '../session-store';
import { bundleRecords } from './bundle-export';
import { importRecords } from './bundle-import';

/**
 * Forks a session after one of its turns: a new session with its own key and ids, holding the timeline up to
 * that turn (the branch's ancestors included) and nothing after; the parent is left as it was. The records go
 * from the export straight into the import, no file between.
 */
export function forkSession(
  store: SessionStore,
  sessionId: string,
  turnId: string,
  options: { branchId?: string; title?: string } = {},
): SessionSummary {
  const ids = new Map<string, string>();
  const remap = (id: string) => ids.get(id) ?? (ids.set(id, randomUUID()), ids.get(id)!);
  const records = bundleRecords(store, sessionId, {
    uptoTurnId: turnId,
    ...(options.branchId ? { branchId: options.branchId } : {}),
  });
  const turns = store.turnIds(sessionId, options.branchId);
  const kept = turns.indexOf(turnId) + 1;
  function* forked(): Generator<BundleRecord> {
    for (const record of records) {
      switch (record.record) {
        case 'session':
          yield {
            ...record,
            session: {
              ...record.session,
              id: randomUUID(),
              title: options.title?.trim() || `${record.session.title} (fork after turn ${kept})`,
              createdAt: new Date().toISOString(),
              forkedFrom: { sessionId, turnId },
            },
            branches: record.branches.map((b) => ({ ...b, id: remap(b.id) })),
          };
          break;
        case 'turn':
          yield {
            ...record,
            id: remap(record.id),
            branchId: remap(record.branchId),
            parentTurnId: record.parentTurnId ? remap(record.parentTurnId) : null,
          };
          break;
        case 'audit':
          yield { ...record, turnId: record.turnId ? remap(record.turnId) : null };
          break;
        case 'note':
          yield { ...record, id: randomUUID(), turnId: remap(record.turnId) };
          break;
        default:
          yield record;
      }
    }
  }
  return importRecords(store, forked());
}
