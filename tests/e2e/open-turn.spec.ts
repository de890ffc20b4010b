import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openTurnCommand } from '../../main/core/playtest/reports/open-turn-command';
import { runCli } from '../support/cli';
import { caseOf, reportOf, turnOf } from '../support/playtest-reports';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { spawnHost, type HostProcess } from '../support/web-host-process';
import { SCREENS } from '../support/screens';

let project: TempProject;
const hosts: HostProcess[] = [];

test.beforeAll(() => {
  project = makeTempProject();
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  project?.remove();
});

/** `npm run web` (scripts/web.mjs) with these flags, in the test's project on a free port, stopped after the file. */
async function startWeb(args: string[], env: NodeJS.ProcessEnv): Promise<HostProcess> {
  const host = await spawnHost('scripts/web.mjs', [...args, '--project', project.dir, '--port', '0'], env);
  hosts.push(host);
  return host;
}

const envOf = () => ({ ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') });

/** A command's words as a POSIX shell reads them, quotes and all. */
const wordsOf = (command: string) =>
  execFileSync('sh', ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, -1);

test("a playtest report's command opens the played session at the failing turn", async ({ page }) => {
  test.setTimeout(180_000);
  const env = envOf();
  // A folder with a space and a quote: the command quotes it, and the shell reads it back whole.
  const db = path.join(project.dir, "Ren's runs", 'sessions.db');
  mkdirSync(path.dirname(db));
  const played = await runCli(['play', 'examples/heist-night.play.yaml', '--json', '--db', db], {
    cwd: project.dir,
    env,
  });
  expect(played.code, played.stderr).toBe(0);
  const { sessionId, turns } = JSON.parse(played.stdout) as { sessionId: string; turns: { narrative: string }[] };

  // The case as the run reports it; the command is the one the HTML report and the JUnit output print.
  const c = caseOf('heist-night.play.yaml', {
    sessionId,
    turns: turns.map((t, i) => turnOf(i + 1, { narrative: t.narrative })),
  });
  const command = openTurnCommand(reportOf([c], { db }), c, 4);
  expect(command).toBe(`npm run web -- --db '${db.replace("'", "'\\''")}' --session ${sessionId} --turn 4`);
  const [npm, run, web, dashes, ...args] = wordsOf(command);
  expect([npm, run, web, dashes]).toEqual(['npm', 'run', 'web', '--']);

  // `npm run web` is scripts/web.mjs; the project folder and port are the test's own.
  const host = await startWeb(args, env);
  expect(host.url.searchParams.get('session')).toBe(sessionId);
  expect(host.url.searchParams.get('turn')).toBe('4');

  await page.goto(host.url.href);
  await expect(page).toHaveURL(new RegExp(`/\\?session=${sessionId}&turn=4$`));
  const list = page.getByRole('list', { name: 'Session list' });
  await expect(list.getByRole('button', { name: /^Heist night \d+ turns/ })).toHaveAttribute('aria-current', 'true');
  const turn4 = page.getByRole('list', { name: 'Turns' }).getByRole('article', { name: 'Turn 4' });
  await expect(turn4).toHaveClass(/turn-selected/);
  await expect(turn4).toBeInViewport();
  await expect(page.locator('.turn-tools-head > strong')).toHaveText('Turn 4');
  await page.screenshot({ path: `${SCREENS}/open-turn.png` });
});

test('a URL naming no session, or not a session, opens the workbench as usual', async ({ page }) => {
  const host = await startWeb([], envOf());
  const url = new URL(host.url);
  url.searchParams.set('session', '');
  url.searchParams.set('turn', 'x');
  await page.goto(url.href);
  await expect(page).toHaveURL(/\/\?session=&turn=x$/);
  await expect(page.getByRole('main', { name: 'Player' })).toContainText('Open a session on the left');
});
