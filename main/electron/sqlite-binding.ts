import path from 'node:path';
import { z } from 'zod';
import type { OpenOptions } from '../core/store/open-database';
import { SQLITE_BINDING_ENV } from '../core/data-dir';
import { describeIssues } from '../../shared/schemas/zod-issues';

const BindingPath = z
  .string()
  .refine((file) => path.isAbsolute(file) && file.endsWith('.node'), 'an absolute path to a .node file');

/**
 * Which SQLite addon the desktop app loads. Packaged, the one electron-builder rebuilt into the package; run
 * from a checkout by `npm start`, the Electron build it names in the environment (node_modules holds Node's).
 */
export function sqliteBindingOptions(isPackaged: boolean, env: NodeJS.ProcessEnv): OpenOptions {
  if (isPackaged || env[SQLITE_BINDING_ENV] === undefined) return {};
  const parsed = BindingPath.safeParse(env[SQLITE_BINDING_ENV]);
  if (!parsed.success)
    throw new Error(
      `${SQLITE_BINDING_ENV} must be ${describeIssues(parsed.error, 1)}; it is "${env[SQLITE_BINDING_ENV]}".`,
    );
  return { nativeBinding: parsed.data };
}
