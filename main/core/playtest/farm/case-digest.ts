import { createHash } from 'node:crypto';
import type { SuiteScript } from '../suite';

/**
 * What a case plays, as one SHA-256: the script as parsed, its world, and its prompt variant's files. The run
 * sends it with each session; a worker whose checkout reads differently (another commit, an edited prompt)
 * refuses the job instead of playing something else under the same case id.
 */
export function caseDigestOf(script: SuiteScript, prompts: ReadonlyMap<string, string>): string {
  const files = [...prompts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify({ path: script.path, script: script.script, world: script.world, prompts: files }))
    .digest('hex');
}
