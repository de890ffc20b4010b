import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Past this, more threads only fight over memory bandwidth on the machines our users have. */
export const MAX_DEFAULT_THREADS = 8;

export interface ThreadChoice {
  threads: number;
  /** Why, in words the Models view and the connection test show: "this process may use 2 cores; one core is left…". */
  reason: string;
}

const counted = new Map<number, number | null>();

/**
 * Distinct physical cores (package and core id) among the first `logical` CPUs, or null where /sys cannot tell;
 * read once per process, since it does not change (a model call asks for it every time).
 */
function physicalCores(logical: number): number | null {
  if (!counted.has(logical)) counted.set(logical, readPhysicalCores(logical));
  return counted.get(logical)!;
}

function readPhysicalCores(logical: number): number | null {
  try {
    const cpus = readdirSync('/sys/devices/system/cpu')
      .filter((name) => /^cpu\d+$/.test(name))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    const cores = new Set<string>();
    for (const cpu of cpus.slice(0, logical)) {
      const topology = `/sys/devices/system/cpu/${cpu}/topology`;
      cores.add(
        `${readFileSync(`${topology}/physical_package_id`, 'utf8').trim()}:${readFileSync(`${topology}/core_id`, 'utf8').trim()}`,
      );
    }
    return cores.size || null;
  } catch {
    return null;
  }
}

/**
 * Threads for a local model when none is set: the physical cores this process may use, less one for the
 * workbench itself, capped. Decoding is bound by compute and memory: a thread more than there are free cores
 * makes every token wait for the slowest (node-llama-cpp's own default, 4 at least, runs ~100× slower on 2 cores).
 */
export function defaultThreads(logical = availableParallelism(), physical = physicalCores(logical)): ThreadChoice {
  const cores = Math.min(logical, physical ?? logical);
  const threads = Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores - 1));
  const counted =
    physical === null || physical === logical ? `${logical} cores` : `${logical} logical cores (${cores} physical)`;
  const why =
    cores - 1 > MAX_DEFAULT_THREADS
      ? `capped at ${MAX_DEFAULT_THREADS}`
      : cores > 1
        ? 'one core is left for the workbench'
        : 'there is only one core';
  return { threads, reason: `this process may use ${counted}; ${why}` };
}

/** The choice as one sentence: "1 thread: this process may use 2 cores; one core is left for the workbench." */
export function describeThreads({ threads, reason }: ThreadChoice): string {
  return `${threads} ${threads === 1 ? 'thread' : 'threads'}: ${reason}.`;
}
