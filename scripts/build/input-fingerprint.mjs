// @ts-check
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The fingerprint of a build's inputs: a SHA-256 over every file under the given paths, by relative path and
 * content. Content rather than modification times, because a checkout, a copy or a restored backup can leave a
 * changed file with an old time; hashing the ~200 input files of a target takes about 10 ms here, stat-ing them
 * about 3 ms. A missing input is part of the fingerprint too, so a file that appears later (a new entry point)
 * counts as a change.
 * @param {string} rootDir the folder the inputs are relative to
 * @param {readonly string[]} inputs files or folders, relative to rootDir, with `/` separators
 * @returns {string} hex digest
 */
export function fingerprintInputs(rootDir, inputs) {
  const digest = createHash('sha256');
  for (const input of [...inputs].sort()) {
    const files = filesUnder(rootDir, input);
    if (!files) digest.update(`missing ${input}\n`);
    for (const file of files ?? []) {
      const content = createHash('sha256')
        .update(readFileSync(path.join(rootDir, file)))
        .digest('hex');
      digest.update(`${file}\0${content}\n`);
    }
  }
  return digest.digest('hex');
}

/**
 * The files an input names, sorted, relative to rootDir; null when it does not exist.
 * @param {string} rootDir
 * @param {string} input
 * @returns {string[] | null}
 */
function filesUnder(rootDir, input) {
  const absolute = path.join(rootDir, input);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (!stats) return null;
  if (!stats.isDirectory()) return [input];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(rootDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
