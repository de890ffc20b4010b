import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlanningBlock } from '../../shared/schemas/planning-block';
import { AppError } from '../../shared/ipc/result';
import { lintPrompts, normalizeRule } from '../../main/core/prompts/lint';
import { buildPrompt } from '../../main/core/prompts/prompt-builder';
import { countTokens } from '../../main/core/prompts/token-count';
import { TARGETS } from '../../main/core/planning/agents/prompt-targets';
import { KNOWN_PLACEHOLDERS, SCHEMAS } from '../../main/core/prompts/placeholders';
import { RUNTIME_PLACEHOLDERS } from '../../main/core/prompts/runtime-placeholders';
import { REPO_DIR, SHIPPED_PROMPTS } from '../support/temp-project';

const fm = (title: string) => `---\ntitle: ${title}\npurpose: A test prompt.\n---\n`;
const known = KNOWN_PLACEHOLDERS;
const runtime = {
  ...Object.fromEntries([...RUNTIME_PLACEHOLDERS.values()].map((v) => [v.name, v.sample])),
  WORLD_STATE: '{"time": "dawn"}',
  HISTORY: 'Nothing yet.',
  PLAYER_INPUT: 'Open the door.',
};
const shipped = () =>
  new Map(SHIPPED_PROMPTS.map((name) => [name, readFileSync(path.join(REPO_DIR, 'prompts', name), 'utf8')]));

describe('the prompt builder', () => {
  const files = new Map([
    ['main.md', `${fm('Main')}# Narrator\nSay hello.\n{{include:protocol.md}}\nThe player: {{PLAYER_INPUT}}!`],
    ['protocol.md', `${fm('Protocol')}Schema:\n{{PLANNING_BLOCK_SCHEMA}}`],
  ]);
  const built = buildPrompt({ entry: 'main.md', files, schemas: SCHEMAS, runtime });

  it('expands includes, injects the schema and fills runtime values, leaving front matter out', () => {
    expect(built.text).toContain('# Narrator\nSay hello.\nSchema:\n{\n');
    expect(built.text).toContain('The player: Open the door.!');
    expect(built.text).not.toContain('title:');
    expect(built.text).not.toContain('{{');
  });

  it('injects exactly the JSON Schema zod generates from PlanningBlock, with its hash', () => {
    const schemaText = JSON.stringify(z.toJSONSchema(PlanningBlock), null, 2);
    expect(built.text).toContain(schemaText);
    expect(built.schemaHashes).toEqual({ PLANNING_BLOCK_SCHEMA: SCHEMAS.get('PLANNING_BLOCK_SCHEMA')!.hash });
  });

  it('says where every range came from, covering the whole text', () => {
    let at = 0;
    for (const segment of built.segments) {
      expect(segment.start).toBe(at);
      at = segment.end;
    }
    expect(at).toBe(built.text.length);
    const sourceOf = (needle: string) =>
      built.segments.find((s) => s.start <= built.text.indexOf(needle) && built.text.indexOf(needle) < s.end)!.source;
    expect(sourceOf('Say hello.')).toEqual({ kind: 'template', file: 'main.md', line: 6 });
    expect(sourceOf('Schema:')).toEqual({ kind: 'template', file: 'protocol.md', line: 5 });
    expect(sourceOf('"intent"')).toMatchObject({ kind: 'schema', name: 'PLANNING_BLOCK_SCHEMA' });
    expect(sourceOf('Open the door.')).toEqual({ kind: 'runtime', name: 'PLAYER_INPUT' });
  });

  it.each([
    [
      'a placeholder with no value',
      new Map([['a.md', `${fm('A')}Hi {{UNKNOWN_THING}}`]]),
      /UNKNOWN_THING\}\} has no value/,
    ],
    [
      'a missing include',
      new Map([['a.md', `${fm('A')}{{include:nope.md}}`]]),
      /a\.md includes nope\.md, which does not exist/,
    ],
    [
      'an include cycle',
      new Map([
        ['a.md', `${fm('A')}{{include:b.md}}`],
        ['b.md', `${fm('B')}{{include:a.md}}`],
      ]),
      /Include cycle: a\.md → b\.md → a\.md/,
    ],
  ])('refuses %s with a clear error, never an empty string', (_label, set, message) => {
    expect(() => buildPrompt({ entry: 'a.md', files: set, schemas: SCHEMAS, runtime })).toThrow(message);
    expect(() => buildPrompt({ entry: 'a.md', files: set, schemas: SCHEMAS, runtime })).toThrow(AppError);
  });

  it("assembles every target's prompt from the shipped prompts", () => {
    for (const target of Object.values(TARGETS)) {
      const prompt = buildPrompt({ entry: target.entry, files: shipped(), schemas: target.schemas, runtime });
      expect(prompt.text).toContain('Open the door.');
      expect(prompt.text.length).toBeGreaterThan(2000);
      // Narrators get the planning block's schema; planning agents their own plan schema and tools.
      expect(Object.keys(prompt.schemaHashes).sort()).toEqual(
        target.requires.filter((name) => target.schemas.has(name)).sort(),
      );
    }
    expect(
      buildPrompt({ entry: TARGETS.story.entry, files: shipped(), schemas: TARGETS.story.schemas, runtime }).text,
    ).toContain('"risk_level"');
  });
});

describe('token counts', () => {
  it('equal the tokenizer on the whole text, while counting line chunks from a cache', async () => {
    const { countTokens: exact } = await import('gpt-tokenizer');
    const texts = [...shipped().values(), 'a\n\n  b\n\tc\n\n\nd', '  leading\nx', '', '{\n  "a": 1\n}\n'];
    for (const target of Object.values(TARGETS))
      texts.push(buildPrompt({ entry: target.entry, files: shipped(), schemas: target.schemas, runtime }).text);
    for (const text of texts) expect(await countTokens(text)).toBe(exact(text));
  });

  it('equal the tokenizer on random text with every kind of whitespace', async () => {
    const { countTokens: exact } = await import('gpt-tokenizer');
    const unit = fc.constantFrom(
      'a',
      'B',
      '1',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '{',
      '"',
      "'s",
      '-',
      '#',
      'é',
      '—',
      '\u00a0',
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 80 }), async (text) => {
        expect(await countTokens(text)).toBe(exact(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('prompt lint', () => {
  const lint = (files: Map<string, string>, targets = Object.values(TARGETS)) =>
    lintPrompts({ files, known, targets, variables: RUNTIME_PLACEHOLDERS });
  const codes = (files: Map<string, string>, targets: (typeof TARGETS.story)[] = []) =>
    lint(files, targets).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);

  it('is clean on the shipped prompts: each rule is written once', () => {
    expect(lint(shipped())).toEqual([]);
  });

  it('finds a rule planted in two files', () => {
    const files = shipped();
    files.set(
      'think_mode_instruction.md',
      `${files.get('think_mode_instruction.md')!}\n- Choices go in \`planning_block.choices\`, never in the narrative.\n`,
    );
    const found = lint(files).filter((d) => d.code === 'DUPLICATE_RULE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'think_mode_instruction.md', severity: 'warning' });
    expect(found[0]!.message).toContain('planning_protocol.md:');
  });

  it('finds an include cycle and a missing include at their lines', () => {
    const files = new Map([
      ['a.md', `${fm('A')}Intro.\n{{include:b.md}}`],
      ['b.md', `${fm('B')}{{include:a.md}}\n{{include:gone.md}}`],
    ]);
    expect(codes(files)).toEqual([
      'a.md:6:11 error INCLUDE_CYCLE',
      'b.md:5:11 error INCLUDE_CYCLE',
      'b.md:6:11 error MISSING_INCLUDE',
    ]);
  });

  it('finds unknown placeholders at their column', () => {
    expect(codes(new Map([['a.md', `${fm('A')}Hello {{PLAYER_INPUT}} and {{WORLD_STAT}}.`]]))).toEqual([
      'a.md:5:28 error UNKNOWN_PLACEHOLDER',
    ]);
  });

  it('finds a required placeholder a target never reaches', () => {
    const files = new Map([
      [
        'game_state_instruction.md',
        `${fm('Story')}{{PLANNING_BLOCK_SCHEMA}} {{WORLD_SETTING}} {{HISTORY}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
      ],
    ]);
    const found = lint(files, [TARGETS.story]);
    expect(found.map((d) => d.code)).toEqual(['MISSING_PLACEHOLDER']);
    expect(found[0]!.message).toContain('{{WORLD_NOW}}');
  });

  it('takes the whole world, {{WORLD_STATE}}, for both its parts, as prompts written before the split have it', () => {
    const files = new Map([
      [
        'game_state_instruction.md',
        `${fm('Story')}{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_STATE}} {{HISTORY}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
      ],
    ]);
    expect(lint(files, [TARGETS.story])).toEqual([]);
  });

  describe('turn-specific values before the stable parts', () => {
    const story = (body: string, extra: [string, string][] = []) =>
      new Map([['game_state_instruction.md', `${fm('Story')}${body}`], ...extra]);
    const REST = '{{HISTORY}} {{WORLD_NOW}} {{AGENT_PLANS}} {{PLAYER_INPUT}}';

    it.each([
      ['the stable parts first, then the turn', `{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_SETTING}}\n${REST}`, []],
      [
        'the whole world after the schema, as prompts before the split had it',
        `{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_STATE}} {{HISTORY}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
        [],
      ],
      [
        'the player input before the schema',
        `{{PLAYER_INPUT}}\n{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_SETTING}} {{HISTORY}} {{WORLD_NOW}} {{AGENT_PLANS}}`,
        ['game_state_instruction.md:5:1 warning TURN_VALUE_BEFORE_STABLE'],
      ],
      [
        'the world now before the setting',
        `{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_NOW}} {{WORLD_SETTING}}\n{{HISTORY}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
        ['game_state_instruction.md:6:1 warning TURN_VALUE_BEFORE_STABLE'],
      ],
      [
        'the whole world before the setting',
        `{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_STATE}} {{WORLD_SETTING}} {{WORLD_NOW}}\n{{HISTORY}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
        ['game_state_instruction.md:6:1 warning TURN_VALUE_BEFORE_STABLE'],
      ],
    ])('%s', (_label, body, expected) => {
      expect(codes(story(body), [TARGETS.story])).toEqual(expected);
    });

    it('names the value, the stable part it precedes, and what is lost', () => {
      const [found] = lint(
        story(
          `{{HISTORY}}\n{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_SETTING}} {{WORLD_NOW}} {{AGENT_PLANS}} {{PLAYER_INPUT}}`,
        ),
        [TARGETS.story],
      );
      expect(found!.message).toContain(
        '{{HISTORY}} changes every turn but comes before {{WORLD_SETTING}} (game_state_instruction.md:7)',
      );
      expect(found!.message).toContain('cache');
    });

    it('follows includes in the order the prompt is assembled, and reports a shared file once', () => {
      const files = story(`{{include:turn.md}}\n{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_SETTING}}`, [
        ['turn.md', `${fm('Turn')}${REST}`],
      ]);
      files.set(
        'think_mode_instruction.md',
        `${fm('Think')}{{include:turn.md}}\n{{PLANNING_BLOCK_SCHEMA}}\n{{WORLD_SETTING}}`,
      );
      expect(codes(files, [TARGETS.story, TARGETS.think])).toEqual(
        ['turn.md:5:1', 'turn.md:5:13', 'turn.md:5:27', 'turn.md:5:43'].map(
          (at) => `${at} warning TURN_VALUE_BEFORE_STABLE`,
        ),
      );
    });

    it('finds the order the shipped prompts had before the split: the mode and task before the world', () => {
      const files = shipped();
      files.set(
        'tactical.md',
        files
          .get('tactical.md')!
          .replace('{{include:world_setting.md}}\n', '')
          .replace('Your task, with answers:', '{{include:world_setting.md}}\n\nYour task, with answers:'),
      );
      const found = lint(files).filter((d) => d.code === 'TURN_VALUE_BEFORE_STABLE');
      expect(found.map((d) => `${d.file} {{${/\{\{(\w+)\}\}/.exec(d.message)![1]}}}`)).toEqual([
        'tactical.md {{MODE}}',
        'tactical.md {{HISTORY}}',
        'tactical.md {{WORLD_NOW}}',
      ]);
    });
  });

  it.each([
    ['an unclosed front matter', '---\ntitle: A\n', 'a.md:1:1 error FRONT_MATTER'],
    ['invalid YAML', '---\ntitle: A: b: c\npurpose: x\n---\nBody', 'a.md:2:1 error FRONT_MATTER'],
    ['an unknown key', '---\ntitle: A\npurpose: x\ncolour: red\n---\nBody', 'a.md:4:1 error FRONT_MATTER'],
    ['a missing purpose', '---\ntitle: A\n---\nBody', 'a.md:1:1 error FRONT_MATTER'],
  ])('finds %s', (_label, content, expected) => {
    expect(codes(new Map([['a.md', content]]))).toEqual([expected]);
  });

  it.each([
    ['- **Choices** go in `planning_block.choices`.', 'choices go in planningblock.choices'],
    ['1. The  narrative holds   prose only!', 'the narrative holds prose only'],
    ['## "Time" rules', 'time rules'],
  ])('normalizes %j to %j', (text, normalized) => {
    expect(normalizeRule(text)).toBe(normalized);
  });
});
