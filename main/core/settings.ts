import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Architecture } from '../../shared/schemas/plans/agents';
import { parseYamlFile } from './playtest/yaml-input';
import { Seed } from '../../shared/schemas/session-state';

export const SETTINGS_FILE = 'narrative-workbench.yaml';

/** A project's settings, from `narrative-workbench.yaml` at its root; every key is optional. */
export const ProjectSettings = z
  .object({
    planning: z
      .object({ architecture: Architecture.default('distributed') })
      .strict()
      .default({ architecture: 'distributed' }),
    play: z
      .object({
        /** The world a new session starts in, relative to the project. */
        world: z.string().min(1).optional(),
        seed: Seed.default(1),
      })
      .strict()
      .default({ seed: 1 }),
  })
  .strict();
export type ProjectSettings = z.infer<typeof ProjectSettings>;

/** Reads the project's settings; a project without the file gets the defaults. */
export async function loadSettings(projectDir: string): Promise<ProjectSettings> {
  const file = path.join(projectDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ProjectSettings.parse({});
    throw error;
  }
  return parseYamlFile(ProjectSettings, text.trim() ? text : '{}', file);
}
