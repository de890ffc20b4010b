import type { SessionSummary } from '../../../../shared/schemas/session';
import type { SessionStore } from '../session-store';
import { RecordImporter, takenIds } from './bundle-import';
import { SLICE_MS } from '../staging';
import { WorkSlice } from './work-slice';

/**
 * Imports a bundle's records as they come without holding up the host. Each record is checked and written as
 * `importRecords` does, but into a staging database of the store's (staging.ts), a slice of a few milliseconds at a
 * time, each slice followed by a turn of the event loop; ids are checked against the store's own database. When
 * the end record has held, the session lands in the store's database, a slice at a time too, its `sessions` row
 * last (staged-landing.ts). All or nothing: a bad record anywhere, or a crash, leaves the store with the sessions
 * it had.
 */
export async function importStaged(store: SessionStore, batches: AsyncIterable<unknown[]>): Promise<SessionSummary> {
  const staging = store.staging();
  try {
    const importer = new RecordImporter(staging.store, takenIds(store));
    const slice = new WorkSlice(SLICE_MS);
    for await (const batch of batches) {
      for (let next = 0; next < batch.length;) {
        // One staging transaction a slice: its audit heads are sealed once, at its end.
        staging.store.transactionOfMany(() => {
          do importer.add(batch[next++]);
          while (next < batch.length && !slice.over);
        });
        if (slice.over) await slice.next();
      }
    }
    const sessionId = importer.finish();
    await staging.land(sessionId);
    return store.session(sessionId);
  } finally {
    staging.discard();
  }
}
