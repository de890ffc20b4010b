import path from 'node:path';
import type { Handlers } from '../dispatcher';
import { AppError } from '../../../../shared/ipc/result';
import { clockLabel } from '../../../../shared/rules/world-changes';
import type { LiveSessions } from '../../planning/live-sessions';
import type { Model } from '../../models/model';
import { loadWorld } from '../../play/play-script';
import type { ProjectSettings } from '../../settings';

export interface SessionHandlerDeps {
  sessions: LiveSessions;
  model: Model;
  projectDir: string;
  settings: () => Promise<ProjectSettings>;
}

export function sessionHandlers({ sessions, model, projectDir, settings }: SessionHandlerDeps): Pick<Handlers, 'sessions.create' | 'turns.play'> {
  return {
    'sessions.create': async (input) => {
      const project = await settings();
      let world = input.world;
      if (!world) {
        if (!project.play.world) throw new AppError('BAD_INPUT', 'sessions.create: no world given, and the project sets no play.world in narrative-workbench.yaml');
        world = await loadWorld(path.resolve(projectDir, project.play.world));
      }
      const architecture = input.architecture ?? project.planning.architecture;
      const seed = input.seed ?? project.play.seed;
      const { sessionId } = sessions.create({ title: input.title, world, architecture, seed });
      return { sessionId, title: input.title, architecture, seed, model: model.label, clock: clockLabel(world) };
    },
    'turns.play': (input) => sessions.play(input.sessionId, { input: input.input, ...(input.mode ? { mode: input.mode } : {}) }),
  };
}
