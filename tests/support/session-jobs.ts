import path from 'node:path';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { caseDigestOf } from '../../main/core/playtest/farm/case-digest';
import { SESSION_JOB_FORMAT, type SessionJob } from '../../main/core/playtest/farm/farm-jobs';
import type { SessionPlayer } from '../../main/core/playtest/farm/play-session-job';
import { offlineJudge } from '../../main/core/playtest/judging';
import { loadSuite } from '../../main/core/playtest/suite';
import { PromptFiles } from '../../main/core/prompts/prompt-files';
import type { SessionStore } from '../../main/core/store/session-store';
import { caseIdOf } from '../../shared/rules/playtest-report';
import type { TempProject } from './temp-project';

/** What a worker plays with: its checkout (the temp project), its database, the scripted model. */
export function scriptedWorker(
  project: TempProject,
  store: SessionStore,
  db: string,
  keepDir: string | null,
): SessionPlayer {
  return {
    project: project.dir,
    store,
    db,
    models: new Map([['scripted', { label: 'scripted', modelFor: () => new ScriptedModel() }]]),
    judgeFor: () => () => offlineJudge(),
    keepDir,
    worker: 'test-host:1',
  };
}

/** A session job as a run queues it: the case's parts and the digest of what the project reads (its suite/). */
export async function sessionJobFor(project: TempProject, script: string, seed: number): Promise<SessionJob> {
  const suite = await loadSuite('suite', project.dir);
  const combination = { model: 'scripted', architecture: 'distributed' as const, seed, prompts: 'project' };
  const prompts = await new PromptFiles(path.join(project.dir, 'prompts')).readAll();
  return {
    format: SESSION_JOB_FORMAT,
    version: 1,
    run: 'night',
    caseId: caseIdOf(script, combination),
    suite: 'suite',
    cwd: '.',
    script,
    combination,
    promptsFolder: null,
    judge: 'offline',
    orchestration: 'model',
    digest: caseDigestOf(
      suite.scripts.find((s) => s.path === script)!,
      prompts,
    ),
  };
}
