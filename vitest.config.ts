import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests keep their databases and key files in a temp data folder, never in the user's.
process.env.NARRATIVE_WORKBENCH_DATA ??= mkdtempSync(path.join(tmpdir(), 'nw-test-data-'));

export default defineConfig({
  test: {
    include: ['tests/{unit,db,contract,security,electron,models,farm}/**/*.test.ts'],
    env: { NARRATIVE_WORKBENCH_DATA: process.env.NARRATIVE_WORKBENCH_DATA },
    globalSetup: ['tests/support/global-data-dir.ts'],
    // Two test files at a time on two cores (vitest's default leaves one core idle): many of them wait on
    // processes, servers and files they start. VITEST_WORKERS=1 runs one at a time, for a busy machine.
    maxWorkers: Number(process.env.VITEST_WORKERS ?? 2),
    // The files of a worker share its modules instead of importing them again each (a fifth of the run's time):
    // every test keeps its own databases, folders, servers and processes, and restores what it changes.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
