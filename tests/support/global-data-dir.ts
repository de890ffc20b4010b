import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Removes the temp data folder vitest.config.ts made for this run. */
export default function setup(): () => void {
  const dir = process.env.NARRATIVE_WORKBENCH_DATA;
  return () => {
    if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
  };
}
