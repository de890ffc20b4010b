import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/ipc/contract';
import { ErrorCode, ResultEnvelope } from '../../shared/ipc/result';
import { createWorkbench, type Workbench } from '../../main/core/workbench';
import { makeTempProject, type TempProject } from '../support/temp-project';

let project: TempProject;
let workbench: Workbench;
const logged: unknown[] = [];

beforeAll(async () => {
  project = makeTempProject();
  workbench = await createWorkbench({
    projectDir: project.dir,
    host: 'web',
    log: { error: (_m, e) => logged.push(e) },
  });
});
afterAll(async () => {
  await workbench.close();
  project.remove();
});

const method = fc.oneof(fc.constantFrom(...methodNames), fc.string(), fc.anything());
const input = fc.oneof(
  fc.anything(),
  fc.record({
    name: fc.oneof(
      fc.string(),
      fc.constantFrom(
        '../x.md',
        '/etc/passwd',
        'a\0.md',
        'planning_protocol.md',
        'planning_protocol.md/x.md',
        `${'é'.repeat(200)}.md`,
        'prompts',
      ),
    ),
  }),
  fc.record({
    name: fc.oneof(fc.string(), fc.constantFrom('planning_protocol.md/new.md', `${'ü'.repeat(250)}.md`, 'new.md')),
    content: fc.string(),
    baseVersion: fc.oneof(
      fc.constant(null),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
    ),
  }),
);

describe('the dispatcher under 1,000 random calls', () => {
  it('answers each with a clean envelope, never a crash, a stack or an INTERNAL error', async () => {
    await fc.assert(
      fc.asyncProperty(method, input, async (m, i) => {
        const result = ResultEnvelope.parse(await workbench.dispatch(m, i));
        if (!result.ok) {
          expect(ErrorCode.options).toContain(result.error.code);
          expect(result.error.code).not.toBe('INTERNAL');
          expect(result.error.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 1000 },
    );
    expect(logged).toEqual([]);
  });
});
