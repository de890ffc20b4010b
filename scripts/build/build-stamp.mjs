// @ts-check
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the last successful build of a target left: the fingerprint of the inputs it was built from, and the size
 * and modification time of every file it wrote. Outputs are checked by size and time, not content: only the build
 * writes them, so anything else that rewrites or deletes one (a plain `vite build`, a cleanup) shows as a change.
 * @typedef {{ size: number, mtimeMs: number }} OutputFile
 * @typedef {{ version: 1, inputs: string, outputs: Record<string, OutputFile> }} BuildStamp
 */

/**
 * Every file under an output folder, by path relative to it; empty when the folder does not exist.
 * @param {string} outDir
 * @returns {Record<string, OutputFile>}
 */
export function describeOutputs(outDir) {
  /** @type {Record<string, OutputFile>} */
  const outputs = {};
  if (!statSync(outDir, { throwIfNoEntry: false })?.isDirectory()) return outputs;
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(file);
    outputs[path.relative(outDir, file).split(path.sep).join('/')] = { size, mtimeMs };
  }
  return outputs;
}

/**
 * The stamp in a file; null when there is none or it cannot be read as one (then the target is simply rebuilt).
 * @param {string} stampFile
 * @returns {BuildStamp | null}
 */
export function readStamp(stampFile) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const valid =
      stamp?.version === 1 && typeof stamp.inputs === 'string' && stamp.outputs && typeof stamp.outputs === 'object';
    return valid ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Written whole or not at all (a temp file renamed over the old one), so a reader never sees half a stamp.
 * @param {string} stampFile
 * @param {BuildStamp} stamp
 */
export function writeStamp(stampFile, stamp) {
  const temp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(stamp, null, 2)}\n`);
  renameSync(temp, stampFile);
}

/** @param {string} stampFile */
export function removeStamp(stampFile) {
  rmSync(stampFile, { force: true });
}

/**
 * Whether a stamp vouches for the current inputs and outputs: same input fingerprint, and exactly the same output
 * files, each with the size and time the build left.
 * @param {BuildStamp | null} stamp
 * @param {string} inputs the current input fingerprint
 * @param {Record<string, OutputFile>} outputs the current outputs
 * @returns {boolean}
 */
export function stampMatches(stamp, inputs, outputs) {
  if (!stamp || stamp.inputs !== inputs) return false;
  const built = Object.keys(stamp.outputs);
  if (built.length === 0 || built.length !== Object.keys(outputs).length) return false;
  return built.every(
    (file) =>
      outputs[file]?.size === stamp.outputs[file]?.size && outputs[file]?.mtimeMs === stamp.outputs[file]?.mtimeMs,
  );
}
