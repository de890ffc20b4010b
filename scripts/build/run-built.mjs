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
  try {
    await Promise.all(targets.map((target) => ensureBuilt(target)));
  } catch (error) {
    console.error(`narrative-workbench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  await import(pathToFileURL(path.resolve(entry)).href);
}
