// @ts-check
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

/**
 * Brings targets up to date, then runs a built entry in this same process (no second Node start). A failed build
 * is one clear line and exit code 1, never a run of what an earlier build left.
 * @param {import('./ensure-built.mjs').BuildTarget[]} targets
 * @param {string} entry the built file to run
 */
export async function runBuilt(targets, entry) {
  // Every build is let finish before exiting on a failed one, so none is cut off holding its lock.
  const failed = (await Promise.allSettled(targets.map((target) => ensureBuilt(target)))).find(
    (outcome) => outcome.status === 'rejected',
  );
  if (failed) {
    console.error(
      `narrative-workbench: ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`,
    );
    process.exit(1);
  }
  await import(pathToFileURL(path.resolve(entry)).href);
}
