import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, type BuildReason, type BuildTarget } from '../../scripts/build/ensure-built.mjs';
import { fingerprintInputs } from '../../scripts/build/input-fingerprint.mjs';

/**
 * A build target in a temp folder: its "build" concatenates every input file (path and content) into
 * out/result.txt, so whether an output is stale can be seen by comparing it with what a fresh build would write.
 */
interface Fixture {
  dir: string;
  target: BuildTarget;
  builds: () => number;
  expected: () => string;
  result: () => string;
  write: (file: string, content: string) => void;
  remove: () => void;
}

const INPUTS = ['src', 'config.json', 'late-entry.ts'];

function makeFixture(): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-build-'));
  const abs = (file: string) => path.join(dir, file);
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(abs(file)), { recursive: true });
    writeFileSync(abs(file), content);
  };
  const expected = () =>
    INPUTS.flatMap((input) => {
      if (!existsSync(abs(input))) return [];
      if (!input.startsWith('src')) return [`${input}=${readFileSync(abs(input), 'utf8')}`];
      return readdirSync(abs(input))
        .sort()
        .map((name) => `src/${name}=${readFileSync(abs(`src/${name}`), 'utf8')}`);
    }).join('\n');
  let builds = 0;
  const target: BuildTarget = {
    name: 'the fixture',
    rootDir: dir,
    inputs: INPUTS,
    outDir: abs('out'),
    stampFile: abs('out.stamp.json'),
    build: async () => {
      builds++;
      mkdirSync(abs('out'), { recursive: true });
      writeFileSync(abs('out/result.txt'), expected());
    },
  };
  write('src/a.ts', 'export const a = 1;\n');
  write('src/b.ts', 'export const b = 2;\n');
  write('config.json', '{"mode":"web"}\n');
  return {
    dir,
    target,
    builds: () => builds,
    expected,
    result: () => readFileSync(abs('out/result.txt'), 'utf8'),
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const quiet = { log: () => {} };

describe('the up-to-date check of a build', () => {
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = makeFixture();
    await ensureBuilt(fixture.target, quiet);
  });
  afterEach(() => fixture.remove());

  const at = (file: string) => path.join(fixture.dir, file);
  it.each<[string, BuildReason | 'up to date', (f: Fixture) => void]>([
    ['nothing changed', 'up to date', () => {}],
    [
      'a file rewritten with the same content and a new time',
      'up to date',
      (f) => f.write('src/a.ts', 'export const a = 1;\n'),
    ],
    [
      'an input given an old time',
      'up to date',
      () => utimesSync(at('src/a.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1)),
    ],
    ['a file edited', 'inputs changed', (f) => f.write('src/a.ts', 'export const a = 3;\n')],
    [
      'an edit that keeps the size and the time',
      'inputs changed',
      () => {
        const { atime, mtime } = statSync(at('config.json'));
        writeFileSync(at('config.json'), '{"mode":"cli"}\n');
        utimesSync(at('config.json'), atime, mtime);
      },
    ],
    ['a file added to an input folder', 'inputs changed', (f) => f.write('src/c.ts', 'export const c = 4;\n')],
    ['a file removed', 'inputs changed', () => rmSync(at('src/b.ts'))],
    ['a file renamed, content unchanged', 'inputs changed', () => renameSync(at('src/b.ts'), at('src/b2.ts'))],
    ['a missing input file appearing', 'inputs changed', (f) => f.write('late-entry.ts', '')],
    ['an output deleted', 'outputs changed', () => rmSync(at('out/result.txt'))],
    ['an output rewritten by something else', 'outputs changed', () => appendFileSync(at('out/result.txt'), 'stale')],
    ['a stray file in the output folder', 'outputs changed', (f) => f.write('out/extra.js', '')],
    ['the stamp unreadable', 'never built', (f) => f.write('out.stamp.json', '{"version":1,')],
    ['the stamp gone', 'never built', () => rmSync(at('out.stamp.json'))],
  ])('after %s: %s', async (_, expected, change) => {
    const reason = expected === 'up to date' ? null : expected;
    change(fixture);
    const outcome = await ensureBuilt(fixture.target, quiet);
    expect(outcome).toEqual({ built: reason !== null, reason });
    expect(fixture.builds()).toBe(reason === null ? 1 : 2);
    expect(fixture.result()).toBe(fixture.expected());
    expect(await ensureBuilt(fixture.target, quiet)).toEqual({ built: false, reason: null });
  });

  it('builds when forced, though nothing changed', async () => {
    expect(await ensureBuilt(fixture.target, { ...quiet, force: true })).toEqual({ built: true, reason: 'forced' });
  });

  it('leaves no stamp after a failed build, so the next check builds again', async () => {
    fixture.write('src/a.ts', 'broken');
    const build = fixture.target.build;
    await expect(
      ensureBuilt({ ...fixture.target, build: () => Promise.reject(new Error('syntax error')) }, quiet),
    ).rejects.toThrow('syntax error');
    expect(existsSync(at('out.stamp.json'))).toBe(false);
    expect(await ensureBuilt({ ...fixture.target, build }, quiet)).toEqual({ built: true, reason: 'never built' });
  });

  it('builds once when two checks find the same change at the same time', async () => {
    fixture.write('src/a.ts', 'export const a = 5;\n');
    const outcomes = await Promise.all([ensureBuilt(fixture.target, quiet), ensureBuilt(fixture.target, quiet)]);
    expect(outcomes.map((o) => o.built).sort()).toEqual([false, true]);
    expect(fixture.builds()).toBe(2);
  });

  it('says what it builds and why', async () => {
    fixture.write('src/a.ts', 'export const a = 6;\n');
    const lines: string[] = [];
    await ensureBuilt(fixture.target, { log: (line) => lines.push(line) });
    expect(lines).toEqual(['narrative-workbench: building the fixture (inputs changed)…']);
  });

  it('never leaves a stale output, whatever edits come between checks', async () => {
    const file = fc.constantFrom('src/a.ts', 'src/b.ts', 'src/new.ts', 'config.json', 'late-entry.ts');
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), file, content: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('delete' as const), file }),
      fc.record({ kind: fc.constant('tamper' as const) }),
      fc.record({ kind: fc.constant('check' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 12 }), async (edits) => {
        for (const step of edits) {
          if (step.kind === 'write') fixture.write(step.file, step.content);
          else if (step.kind === 'delete') rmSync(at(step.file), { force: true });
          else if (step.kind === 'tamper') appendFileSync(at('out/result.txt'), '!');
          else expect((await ensureBuilt(fixture.target, quiet), fixture.result())).toBe(fixture.expected());
        }
        await ensureBuilt(fixture.target, quiet);
        expect(fixture.result()).toBe(fixture.expected());
      }),
      { numRuns: 40 },
    );
  });
});

describe('the fingerprint of build inputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nw-fingerprint-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'a.ts'), 'a');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('does not depend on the order inputs are listed in', () => {
    writeFileSync(path.join(dir, 'b.json'), '{}');
    expect(fingerprintInputs(dir, ['src', 'b.json'])).toBe(fingerprintInputs(dir, ['b.json', 'src']));
  });

  it('tells a missing input from an empty folder', () => {
    const missing = fingerprintInputs(dir, ['src', 'gen']);
    mkdirSync(path.join(dir, 'gen'));
    expect(fingerprintInputs(dir, ['src', 'gen'])).not.toBe(missing);
  });

  it('tells content moved from one file to another', () => {
    writeFileSync(path.join(dir, 'src', 'b.ts'), '');
    const before = fingerprintInputs(dir, ['src']);
    writeFileSync(path.join(dir, 'src', 'a.ts'), '');
    writeFileSync(path.join(dir, 'src', 'b.ts'), 'a');
    expect(fingerprintInputs(dir, ['src'])).not.toBe(before);
  });
});
