// @ts-check
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describeOutputs, readStamp, removeStamp, stampMatches, writeStamp } from './build-stamp.mjs';
import { fingerprintInputs } from './input-fingerprint.mjs';

/**
 * Something built from sources into a folder: the browser renderer, the Node hosts' bundles.
 * @typedef {object} BuildTarget
 * @property {string} name what a user reads in "building the …"
 * @property {string} rootDir the folder inputs are relative to
 * @property {readonly string[]} inputs files and folders whose content decides the output
 * @property {string} outDir the folder the build writes, and nothing else does
 * @property {string} stampFile where the last successful build is recorded (outside outDir: it is not served)
 * @property {() => Promise<void>} build writes outDir; rejects when the build fails
 */

/** @typedef {'forced' | 'never built' | 'inputs changed' | 'outputs changed'} BuildReason */

/**
 * Why a target must be built now, or null when its outputs are those of its current inputs.
 * @param {BuildTarget} target
 * @param {string} inputs the current input fingerprint
 * @returns {BuildReason | null}
 */
function staleness(target, inputs) {
  const stamp = readStamp(target.stampFile);
  if (!stamp) return 'never built';
  if (stamp.inputs !== inputs) return 'inputs changed';
  return stampMatches(stamp, inputs, describeOutputs(target.outDir)) ? null : 'outputs changed';
}

/**
 * Builds a target unless its stamp vouches for its outputs. One process builds a target at a time: the others
 * wait for it and then find it up to date. The stamp is removed before building and written only after a build
 * succeeded, so a failed or interrupted build is never taken for a good one.
 * @param {BuildTarget} target
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ built: boolean, reason: BuildReason | null }>}
 */
export async function ensureBuilt(target, options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!options.force && staleness(target, fingerprintInputs(target.rootDir, target.inputs)) === null)
    return { built: false, reason: null };

  mkdirSync(path.dirname(target.stampFile), { recursive: true });
  const lockfile = (await import('proper-lockfile')).default;
  // A build here takes seconds; a lock not refreshed for a minute belongs to a process that died.
  const release = await lockfile.lock(target.stampFile, {
    realpath: false,
    stale: 60_000,
    retries: { retries: 3000, factor: 1, minTimeout: 200, maxTimeout: 200 },
  });
  try {
    // Fingerprinted before building: an input edited during the build makes the next check build again.
    const inputs = fingerprintInputs(target.rootDir, target.inputs);
    const reason = options.force ? 'forced' : staleness(target, inputs);
    if (reason === null) return { built: false, reason: null };
    log(`narrative-workbench: building ${target.name} (${reason})…`);
    removeStamp(target.stampFile);
    await target.build();
    writeStamp(target.stampFile, { version: 1, inputs, outputs: describeOutputs(target.outDir) });
    return { built: true, reason };
  } finally {
    await release();
  }
}
