import { initial } from './001-initial';
import { replayLookup } from './002-replay-lookup';
import { modelSettings } from './003-model-settings';
import { auditBatches } from './004-audit-batches';
import { turnRow } from './005-turn-row';
import { versionedValues } from './006-versioned-values';
import { branchKinds } from './007-branch-kinds';
import { keyedAudit } from './008-keyed-audit';
import { turnCalls } from './009-turn-calls';
import type { Migration } from './migration';

/** Every migration, oldest first. A new one is a new file, added at the end. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  replayLookup,
  modelSettings,
  auditBatches,
  turnRow,
  versionedValues,
  branchKinds,
  keyedAudit,
  turnCalls,
];
