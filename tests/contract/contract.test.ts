import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, events, methodNames, methods } from '../../shared/ipc/contract';
import { ResultEnvelope } from '../../shared/ipc/result';
import { createWorkbench, type Workbench } from '../../main/core/workbench';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { eventFixtures, methodFixtures } from './fixtures';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the contract', () => {
  it.each(methodNames)('%s: input and output fixtures survive JSON and parse back identical', (name) => {
    const fixture = methodFixtures[name];
    expect(methods[name].input.parse(roundTrip(fixture.input))).toEqual(fixture.input);
    expect(methods[name].output.parse(roundTrip(fixture.output))).toEqual(fixture.output);
  });

  it.each(eventNames)('%s: payload fixtures survive JSON and parse back identical', (name) => {
    for (const payload of eventFixtures[name]) expect(events[name].parse(roundTrip(payload))).toEqual(payload);
  });

  it('names methods noun.verb and events noun.pastTense', () => {
    for (const name of methodNames) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    // Past participles, irregular ones too: stepRecorded, narrativeWritten.
    for (const name of eventNames) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*(ed|en)$/);
  });
});

describe('the core answers every method of the contract', () => {
  let project: TempProject;
  let workbench: Workbench;
  beforeAll(async () => {
    project = makeTempProject();
    workbench = await createWorkbench({ projectDir: project.dir, host: 'web', log: { error: () => undefined } });
  });
  afterAll(async () => {
    await workbench.close();
    project.remove();
  });

  it.each(methodNames)('%s has a handler behind the dispatcher', async (name) => {
    const result = ResultEnvelope.parse(await workbench.dispatch(name, methodFixtures[name].input));
    if (!result.ok) expect(result.error.code).not.toBe('UNKNOWN_METHOD');
    else expect(methods[name].output.safeParse(result.value).success).toBe(true);
  });
});
