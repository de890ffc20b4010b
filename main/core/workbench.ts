import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import type { HostKind } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { EventBus } from './event-bus';
import { PromptFiles } from './prompts/prompt-files';
import { createDispatcher, type Dispatch, type DispatcherLog } from './rpc/dispatcher';
import { draftHandlers } from './rpc/handlers/drafts';
import { promptHandlers } from './rpc/handlers/prompts';
import { takeBackHandlers } from './rpc/handlers/take-back';
import { sessionHandlers } from './rpc/handlers/sessions';
import { createModel, storeRecord } from './models/create-model';
import { LlamaCppModel } from './models/llama-cpp/llama-cpp-model';
import type { Model } from './models/model';
import type { ModelSettings } from '../../shared/schemas/models';
import { modelHandlers } from './rpc/handlers/models';
import { SessionPlayer } from './session/session-player';
import { openHostStore, playtestRunsDirOf } from './data-dir';
import { PlaytestRuns } from './playtest/runs/playtest-runs';
import { playtestHandlers } from './rpc/handlers/playtests';
import type { SessionStore } from './store/session-store';
import { loadSettings } from './settings';

export const APP_NAME = 'Narrative Workbench';
export const APP_VERSION = packageJson.version;

export interface WorkbenchOptions {
  /** The project folder: it holds `prompts/`. */
  projectDir: string;
  host: z.infer<typeof HostKind>;
  log: DispatcherLog;
  /**
   * Opens the session store. The desktop app passes its own (user-data folder, keychain); the CLI and the
   * browser host open `dbFile`, or the default database in the user's data folder.
   */
  store?: () => SessionStore;
  dbFile?: string;
}

export interface Workbench {
  dispatch: Dispatch;
  events: EventBus;
  projectDir: string;
  store: SessionStore;
  close(): Promise<void>;
}

/** Wires the core for one project: the composition root both hosts share. */
export async function createWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const projectDir = path.resolve(options.projectDir);
  const promptsDir = path.join(projectDir, 'prompts');
  const info = await stat(promptsDir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppError('NOT_FOUND', `${projectDir} is not a workbench project: it has no prompts/ folder`);
  }
  const events = new EventBus();
  const prompts = new PromptFiles(promptsDir);
  await prompts.watch(events);
  let store: SessionStore;
  try {
    store = options.store ? options.store() : await openHostStore(options.dbFile);
  } catch (error) {
    await prompts.close();
    throw error;
  }
  // The model follows the Models panel: built from the stored setup, again after every change.
  const config = store.modelConfig();
  let model: Model | null = null;
  const modelDeps = { record: storeRecord(store), apiKey: (settings: ModelSettings) => config.keyFor(settings) };
  const currentModel = () => (model ??= createModel(config.setup(), modelDeps));
  const sessions = new SessionPlayer({
    store,
    model: currentModel,
    project: projectDir,
    prompts: () => prompts.readAll(),
    onStep: (sessionId, step) => events.emit('planning.stepRecorded', { sessionId, step }),
    orchestration: () => config.setup().orchestration,
    onNarrative: (sessionId, piece) => events.emit('planning.narrativeWritten', { sessionId, ...piece }),
    onPause: (sessionId, paused) => events.emit('planning.paused', { sessionId, ...paused }),
  });
  const playtests = new PlaytestRuns({
    projectDir,
    store,
    runsDir: playtestRunsDirOf(store.db.name),
    modelSetup: () => config.setup(),
    modelDeps,
    prompts: () => prompts.readAll(),
    onProgress: (progress) => events.emit('playtests.caseFinished', progress),
    onRunProgress: (progress) => events.emit('playtests.runAdvanced', progress),
    onFinished: (run) => events.emit('playtests.runFinished', { run }),
    log: (message) => options.log.error(message, null),
  });
  const dispatch = createDispatcher(
    {
      'app.info': () => ({ name: APP_NAME, version: APP_VERSION, host: options.host, projectDir }),
      ...promptHandlers(prompts),
      ...draftHandlers(store.promptDrafts(projectDir)),
      ...sessionHandlers({ sessions, store, projectDir, settings: () => loadSettings(projectDir) }),
      ...takeBackHandlers({ sessions, store }),
      ...modelHandlers(config, () => (model = null)),
      ...playtestHandlers(projectDir, playtests),
    },
    options.log,
  );
  return {
    dispatch,
    events,
    projectDir,
    store,
    close: async () => {
      playtests.stopAll();
      await prompts.close();
      store.close();
      await LlamaCppModel.disposeAll();
    },
  };
}
