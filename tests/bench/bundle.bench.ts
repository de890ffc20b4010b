import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle, readBundleRecords } from '../../main/core/store/bundles/bundle-read';
import { newKey, rawMasterKey, type MasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { BundleRecord } from '../../shared/schemas/bundle';
import { versionOne } from '../support/bundle-v1';
import { exampleWorld } from '../support/engine';
import { appender, newSession, playTurns } from './played-turns';
import { summarize, type Figure } from './stats';

const TURNS = 1_000;
const SAMPLES = 5;
const PASSPHRASE = 'harbor lights at dawn';

/** A bundle's records, all of them (the reader hands them on as they come). */
async function recordsOf(bytes: Buffer): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const record of readBundleRecords(bytes)) records.push(record);
  return records;
}

/** CPU time of the whole process (the compressor's threads too), in ms. */
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * Wall and CPU time of `work`, after a collection so one sample's garbage is not the next one's pause. CPU time
 * is the figure to compare on a busy machine: wall time there is mostly waiting for a core.
 */
async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, cpu: cpuMs(cpu), value };
}

/**
 * Export and import of a 1,000-turn session (the example's real turns, played once and appended over and over):
 * a version 2 bundle, plain and sealed, against version 1 of the same session.
 */
export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-bundle-'));
  const master: MasterKey = rawMasterKey('keyfile', newKey());
  try {
    const played = await playTurns();
    const source = SessionStore.open(path.join(dir, 'source.db'), master);
    const sessionId = newSession(source, await exampleWorld());
    const append = appender(source, sessionId, played);
    source.transaction(() => Array.from({ length: TURNS }, append));
    // The turns as played once, none repeated: each prompt is new, most of its lines are the last turn's.
    const distinctId = newSession(source, await exampleWorld(), 'Distinct night');
    const appendDistinct = appender(source, distinctId, played);
    source.transaction(() => played.forEach(() => appendDistinct()));
    const distinct = (await exportBundle(source, distinctId)).bytes;
    const distinctV1 = Buffer.from(JSON.stringify(versionOne(await recordsOf(distinct))));

    const exportMs: number[] = [];
    const importMs: number[] = [];
    const exportCpu: number[] = [];
    const importCpu: number[] = [];
    const sealedExportMs: number[] = [];
    const sealedImportMs: number[] = [];
    const readingCpu: number[] = [];
    const importPauseMs: number[] = [];
    let plain: Buffer = Buffer.alloc(0);
    let sealed: Buffer = Buffer.alloc(0);
    for (let i = 0; i < SAMPLES; i++) {
      const exported = await timed(() => exportBundle(source, sessionId));
      exportMs.push(exported.ms);
      exportCpu.push(exported.cpu);
      plain = exported.value.bytes;
      const sealedExport = await timed(() => exportBundle(source, sessionId, { passphrase: PASSPHRASE }));
      sealedExportMs.push(sealedExport.ms);
      sealed = sealedExport.value.bytes;
      // The import's first half alone, in CPU time beside the whole import's: the rest is its writing (sealing,
      // prompt lines, audit, SQLite).
      const reading = await timed(async () => {
        for await (const record of readBundleRecords(plain)) BundleRecord.parse(record);
      });
      readingCpu.push(reading.cpu);
      for (const [bytes, passphrase, samples, cpu] of [
        [plain, undefined, importMs, importCpu],
        [sealed, PASSPHRASE, sealedImportMs, null],
      ] as const) {
        const target = SessionStore.open(
          path.join(dir, `import-${i}-${samples.length}-${passphrase ? 's' : 'p'}.db`),
          master,
        );
        // The longest the event loop waited during the import: what another request of the host would wait.
        const pauses = monitorEventLoopDelay({ resolution: 5 });
        pauses.enable();
        const imported = await timed(() => importBundle(target, bytes, passphrase));
        // A pause just before the import answered is measured once the loop turns again.
        await new Promise((done) => setTimeout(done, 20));
        pauses.disable();
        samples.push(imported.ms);
        cpu?.push(imported.cpu);
        if (!passphrase) importPauseMs.push(pauses.max / 1e6);
        if (imported.value.turns !== TURNS) throw new Error(`imported ${imported.value.turns} turns of ${TURNS}`);
        target.close();
      }
    }
    const v1 = Buffer.from(JSON.stringify(versionOne(await recordsOf(plain))));
    const v1ImportMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const target = SessionStore.open(path.join(dir, `import-v1-${i}.db`), master);
      v1ImportMs.push((await timed(() => importBundle(target, v1))).ms);
      target.close();
    }
    source.close();
    const kb = (bytes: number) => [bytes / 1024];
    const n = TURNS.toLocaleString('en');
    return [
      summarize(`export of a ${n}-turn session as a bundle`, exportMs, 'ms', '≤ 1000'),
      summarize(`import of a ${n}-turn bundle`, importMs, 'ms', '≤ 1000'),
      summarize(`export of a ${n}-turn session as a bundle, CPU time (all threads)`, exportCpu),
      summarize(`import of a ${n}-turn bundle, CPU time`, importCpu),
      summarize(`import of a ${n}-turn bundle, CPU time of reading alone (decompress, parse, check)`, readingCpu),
      summarize(`import of a ${n}-turn bundle, longest pause of the event loop`, importPauseMs, 'ms', '≤ 1000'),
      summarize(
        `import of a ${n}-turn bundle, longest pause ÷ whole import`,
        importPauseMs.map((pause, i) => pause / importMs[i]!),
        'ratio',
      ),
      summarize(`export of a ${n}-turn session as a sealed bundle`, sealedExportMs),
      summarize(`import of a ${n}-turn sealed bundle`, sealedImportMs),
      summarize(`a ${n}-turn bundle`, kb(plain.length), 'KB'),
      summarize(`version 1 of the same session`, kb(v1.length), 'KB'),
      summarize(
        `version 1 ÷ bundle, the ${n}-turn session (its turns repeat every ${played.length})`,
        [v1.length / plain.length],
        'ratio',
        '≥ 10',
      ),
      summarize(`version 1 ÷ sealed bundle, the ${n}-turn session`, [v1.length / sealed.length], 'ratio', '≥ 10'),
      summarize(
        `version 1 ÷ bundle, ${played.length} turns none repeated`,
        [distinctV1.length / distinct.length],
        'ratio',
        '≥ 10',
      ),
      summarize(
        `a bundle of ${played.length} turns none repeated, per turn`,
        kb(distinct.length / played.length),
        'KB',
      ),
      summarize(`import of version 1 of the same session (files users have)`, v1ImportMs),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
