import { z } from 'zod';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../rules/json-depth';

/**
 * Any JSON value, nested at most MAX_JSON_DEPTH levels: what a tool returned, a plan's parts, a task's inputs.
 * Shapes the workbench checks field by field cannot nest deeper than their schema; these, unchecked inside, could,
 * and a value deep enough would overflow the stack of whatever walks it next (sealing it, cloning it, showing it).
 */
export const BoundedJson = z
  .unknown()
  .refine((value) => !nestsDeeperThan(value), { message: `nested more than ${MAX_JSON_DEPTH} levels deep` });
