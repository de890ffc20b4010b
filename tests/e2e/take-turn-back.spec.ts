import { expect, test, type Page } from '@playwright/test';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionPlayer } from '../../main/core/session/session-player';
import { SessionStore } from '../../main/core/store/session-store';
import { exampleWorld, shippedPrompts } from '../support/engine';
import { FakeLlmServer } from '../support/fake-llm-server';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { testMasterKey } from '../support/store';
import { newSessionForm, play, startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

const narrativeOf = (page: Page, turn: number) =>
  turnList(page)
    .getByRole('article', { name: `Turn ${turn}` })
    .locator('.turn-narrative');
const inputOf = (page: Page, turn: number) =>
  turnList(page)
    .getByRole('article', { name: `Turn ${turn}` })
    .locator('.turn-input');

test('a writer plays the last turn again, browses its answers and chooses one, edits its input, and deletes it', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Second thoughts');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'I talk to Ren.');
  const tools = page.getByRole('group', { name: 'Take back turn 2' });
  await expect(tools).toBeVisible();
  const first = await narrativeOf(page, 2).innerText();

  // Edit the input and play it again: the new answer takes the turn's place, the first is kept.
  await tools.getByRole('button', { name: 'Edit input…' }).click();
  const edit = tools.getByRole('form', { name: 'Edit the input of turn 2' });
  await expect(edit.getByLabel('Input of turn 2')).toHaveValue('I talk to Ren.');
  await edit.getByLabel('Input of turn 2').fill('I slip down Rope Alley instead.');
  await edit.getByRole('button', { name: 'Play edited input' }).click();
  await expect(inputOf(page, 2)).toContainText('I slip down Rope Alley instead.');
  await expect(tools.getByLabel('Answer 2 of 2')).toBeVisible();
  const second = await narrativeOf(page, 2).innerText();
  expect(second).not.toBe(first);

  // Play it again: a third answer.
  await tools.getByRole('button', { name: 'Play again' }).click();
  await expect(tools.getByLabel('Answer 3 of 3')).toBeVisible();
  await shoot(page, 'take-back-answers');

  // Browse back to the first answer: it is the turn again, input and narrative.
  await tools.getByRole('button', { name: 'Earlier answer' }).click();
  await expect(tools.getByLabel('Answer 2 of 3')).toBeVisible();
  await tools.getByRole('button', { name: 'Earlier answer' }).click();
  await expect(tools.getByLabel('Answer 1 of 3')).toBeVisible();
  await expect(inputOf(page, 2)).toContainText('I talk to Ren.');
  await expect(narrativeOf(page, 2)).toHaveText(first);
  await expect(tools.getByRole('button', { name: 'Earlier answer' })).toBeDisabled();
  // The session goes on from the chosen answer, and keeps its answers across a reload.
  await page.reload();
  await page
    .getByRole('list', { name: 'Session list' })
    .getByRole('button', { name: /^Second thoughts 2 turns/ })
    .click();
  await expect(page.getByRole('group', { name: 'Take back turn 2' }).getByLabel('Answer 1 of 3')).toBeVisible();
  await expect(narrativeOf(page, 2)).toHaveText(first);
  await play(page, 'I wait and watch the gate.');
  await expect(turnList(page).getByRole('article')).toHaveCount(3);

  // Delete turn 3: asked first; Cancel keeps it.
  const last = page.getByRole('group', { name: 'Take back turn 3' });
  await last.getByRole('button', { name: 'Delete turn 3…' }).click();
  const ask = last.getByRole('alertdialog', { name: 'Delete turn 3?' });
  await expect(ask).toContainText('the next turn plays on from turn 2; it is kept, and the Audit tab names it');
  await shoot(page, 'take-back-delete');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(turnList(page).getByRole('article')).toHaveCount(3);
  await last.getByRole('button', { name: 'Delete turn 3…' }).click();
  await ask.getByRole('button', { name: 'Delete' }).click();
  await expect(turnList(page).getByRole('article')).toHaveCount(2);
  await expect(page.getByRole('group', { name: 'Take back turn 2' })).toBeVisible();
  // An earlier turn takes back itself and the turns after it; only the last plays again.
  await turnList(page).getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  const earlier = page.getByRole('group', { name: 'Take back turns 1–2' });
  await expect(earlier.getByRole('button', { name: 'Delete turns 1–2…' })).toBeVisible();
  await expect(earlier.getByRole('button', { name: 'Play again' })).toHaveCount(0);

  // Each change is in the Audit tab.
  await page.getByRole('button', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('main', { name: 'Audit' });
  await audit.getByLabel('Session').selectOption({ label: 'Second thoughts (2 turns)' });
  const entries = audit.getByRole('table', { name: 'Audit entries' });
  for (const [kind, rows] of [
    ['turns_deleted', 1],
    ['turn_regenerated', 2],
    ['alternative_chosen', 2],
  ] as const) {
    await audit.getByLabel('Kind').selectOption(kind);
    await expect(entries.getByRole('row')).toHaveCount(rows + 1);
  }
  await audit.getByLabel('Kind').selectOption('turns_deleted');
  // The entry names the turns it deleted: the detail's fields, each by its name.
  await expect(entries.getByRole('term').filter({ hasText: /^turnIds$/ })).toBeVisible();
  // Every move kept the sealed audit head in step: the session verifies clean.
  await audit.getByRole('button', { name: 'Verify chain' }).click();
  await expect(audit.getByRole('status', { name: 'Verification result' })).toHaveText(
    /^Chain verified: all \d+ entries are intact and in order\.$/,
  );
  expect(errors).toEqual([]);
});

/** The scripted model, remembering what it answered to each prompt: what the server will answer. */
class Recorder implements Model {
  readonly id = 'scripted';
  readonly label = 'Scripted';
  readonly answers = new Map<string, string>();
  private readonly inner = new ScriptedModel();
  async complete(request: ModelRequest): Promise<Completion> {
    const completion = await this.inner.complete(request);
    this.answers.set(request.prompt, completion.raw);
    return completion;
  }
}

test('a model that cannot be reached stores nothing, says why once, and Retry plays once it answers', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors = consoleErrors(page);
  const INPUT = 'I head to the harbor gate with Tobin.';
  // What the server will answer to this turn: the scripted model's answers to the same prompts.
  const recorder = new Recorder();
  const store = SessionStore.open(':memory:', testMasterKey());
  const player = new SessionPlayer({
    store,
    model: recorder,
    project: hosted.project.dir,
    prompts: () => Promise.resolve(shippedPrompts()),
  });
  const session = player.create({
    title: 'Recorded',
    world: await exampleWorld(),
    architecture: 'distributed',
    seed: 1,
  });
  const expected = (await player.play(session.id, { input: INPUT })).result.narrative;
  store.close();
  const server = new FakeLlmServer(recorder.answers);
  await server.start();
  const port = Number(new URL(server.url).port);
  await server.stop();

  try {
    await page.goto(hosted.host.url.href);
    await page.getByRole('button', { name: 'Models' }).click();
    const models = page.getByRole('main', { name: 'Models' });
    await models.getByLabel('Provider').first().selectOption('openai-compatible');
    await models.getByLabel('Base URL').first().fill(`http://127.0.0.1:${port}/v1`);
    await models.getByRole('textbox', { name: 'API key' }).first().fill(server.token);
    await models.getByRole('button', { name: 'Store key' }).first().click();
    await models.getByLabel('Model', { exact: true }).first().fill('tiny-story');
    await models.getByRole('button', { name: 'Save models' }).click();
    await expect(models.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

    await page.getByRole('button', { name: 'Sessions' }).click();
    const form = await newSessionForm(page);
    await form.getByLabel('Title').fill('Nobody answers');
    await form.getByRole('button', { name: 'Start session' }).click();
    const box = page.getByRole('textbox', { name: 'What the character does' });
    await box.fill(INPUT);
    await box.press('Enter');
    const failure = page.locator('.turn-failure');
    await expect(failure).toContainText(`cannot reach 127.0.0.1:${port}: connection refused`, { timeout: 30_000 });
    await expect(failure.getByText(/cannot reach/)).toHaveCount(1);
    expect((await failure.innerText()).match(/cannot reach/g)).toHaveLength(1);
    await expect(turnList(page)).toContainText('No turns yet');
    await shoot(page, 'take-back-unreachable');

    // The server comes up where it was: Retry plays the same input, and the turn names the model that answered.
    await server.start(port);
    await failure.getByRole('button', { name: 'Retry' }).click();
    await expect(narrativeOf(page, 1)).toHaveText(expected, { timeout: 30_000 });
    await expect(failure).toHaveCount(0);
    await expect(inputOf(page, 1)).toContainText(INPUT);
    await expect(page.locator('.session-meta')).toContainText(`tiny-story (127.0.0.1:${port})`);
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
  }
});
