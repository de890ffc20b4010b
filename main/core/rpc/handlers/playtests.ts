import type { Handlers } from '../dispatcher';
import { projectSuites } from '../../playtest/runs/project-suites';
import type { PlaytestRuns } from '../../playtest/runs/playtest-runs';

type PlaytestMethods =
  'playtests.suites' | 'playtests.run' | 'playtests.follow' | 'playtests.stop' | 'playtests.runs' | 'playtests.report';

/** The Playtests tab's methods: the project's suites, and runs of them in the workbench. */
export function playtestHandlers(projectDir: string, runs: PlaytestRuns): Pick<Handlers, PlaytestMethods> {
  return {
    'playtests.suites': async () => ({ suites: await projectSuites(projectDir) }),
    'playtests.run': (input) => runs.start(input),
    'playtests.follow': (input) => runs.follow(input),
    'playtests.stop': ({ runId }) => ({ stopped: runs.stop(runId) }),
    'playtests.runs': async ({ suite }) => ({ runs: await runs.list(suite) }),
    'playtests.report': ({ runId }) => runs.report(runId),
  };
}
