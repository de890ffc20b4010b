import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PlaytestRun } from '../../../../shared/ipc/playtest-methods';
import { PlaytestReport } from '../../../../shared/schemas/playtest/report';

/** A run as kept on disk: what the tab lists, and its report once it has one. Versioned, parsed on the way out. */
export const ArchivedRun = z.object({
  format: z.literal('narrative-workbench.playtest-run'),
  version: z.literal(1),
  run: PlaytestRun,
  report: PlaytestReport.nullable(),
});
export type ArchivedRun = z.infer<typeof ArchivedRun>;

/** One JSON file a run in a folder; a folder of none keeps the runs in memory only (a store in memory). */
export class RunArchive {
  constructor(
    private readonly dir: string | null,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Every run kept, in no order; a file that cannot be read is skipped and named in the log. */
  async readAll(): Promise<ArchivedRun[]> {
    if (!this.dir) return [];
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const runs: ArchivedRun[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.dir, name);
      try {
        runs.push(ArchivedRun.parse(JSON.parse(await readFile(file, 'utf8'))));
      } catch (error) {
        this.log(`playtests: skipped the run file ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return runs;
  }

  /** Writes a run whole (a temp file renamed over it), so a crash never leaves half a report. */
  async save(run: ArchivedRun): Promise<void> {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${run.run.runId}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(run), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
}
