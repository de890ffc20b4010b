import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/result';
import { Intent } from '../../../shared/schemas/planning-block';
import { Architecture, ModelAgent } from '../../../shared/schemas/plans/agents';
import { WorldState } from '../../../shared/schemas/world';
import { ScriptedRespond } from '../models/scripted-answers';
import { parseYamlFile } from './yaml-input';
import { Seed } from '../../../shared/schemas/session-state';
import { SessionExpect, TurnExpect } from '../../../shared/schemas/playtest/expect';
import { Judges } from '../../../shared/schemas/playtest/judge';
import { PlayerSpec } from '../../../shared/schemas/playtest/player';

export const ScriptTurn = z
  .object({
    input: z.string().max(20_000),
    /** An explicit mode; without it, a THINK: prefix makes a think turn. */
    mode: Intent.optional(),
    /** The exact raw answer the engine receives for this turn, for testing protocol handling. */
    respond: ScriptedRespond.optional(),
    /** What this turn must show: checked after it is played. */
    expect: TurnExpect.optional(),
    /** Graded by a judge model against a rubric. */
    judge: Judges.optional(),
  })
  .strict();
export type ScriptTurn = z.infer<typeof ScriptTurn>;

export const PlayScript = z
  .object({
    title: z.string().min(1).max(200),
    /** A world file, relative to the script. */
    world: z.string().min(1).optional(),
    model: z.literal('scripted').default('scripted'),
    seed: Seed.optional(),
    architecture: Architecture.optional(),
    /** Simulated model time per agent, in ms, for benchmarks. */
    latencies: z.partialRecord(ModelAgent, z.number().int().min(0).max(600_000)).optional(),
    /** Fixed inputs, played first; a script with a `player:` may have none. */
    turns: z.array(ScriptTurn).max(100_000).default([]),
    /** A simulated player that plays on after the fixed turns. */
    player: PlayerSpec.optional(),
    /** What the whole session must show once it is played. */
    expect: SessionExpect.optional(),
    /** The whole story graded by a judge model. */
    judge: Judges.optional(),
  })
  .strict()
  .refine((script) => script.turns.length > 0 || script.player !== undefined, {
    message: 'a script needs turns, a player, or both',
    path: ['turns'],
  });
export type PlayScript = z.infer<typeof PlayScript>;

export interface LoadedScript {
  script: PlayScript;
  world: WorldState;
  file: string;
}

/** NOT_FOUND for a file (or `thing`) that is not there, worded the same wherever a playtest input is read. */
export const noSuchFile = (what: string, file: string, thing = 'file'): AppError =>
  new AppError('NOT_FOUND', `${what} ${file}: no such ${thing}`);

/** A playtest input's text: NOT_FOUND when the file is not there, BAD_INPUT when it cannot be read. */
export async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchFile(what, file);
    throw new AppError('BAD_INPUT', `${what} ${file}: ${(error as Error).message}`);
  }
}

export async function loadWorld(file: string): Promise<WorldState> {
  return parseYamlFile(WorldState, await readText(file, 'the world file'), file);
}

/** Reads a playtest script (YAML or JSON) and its world; `defaultWorld` is used when the script names none. */
export async function loadPlayScript(file: string, defaultWorld: string): Promise<LoadedScript> {
  const script = parseYamlFile(PlayScript, await readText(file, 'the script'), file);
  const worldFile = script.world ? path.resolve(path.dirname(file), script.world) : defaultWorld;
  return { script, world: await loadWorld(worldFile), file };
}
