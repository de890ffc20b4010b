import { describe, expect, it } from 'vitest';
import type { ModelContext } from '../../main/core/models/model';
import { buildAgentPrompt } from '../../main/core/planning/agents/agent-prompt';
import { previewPromptSet, targetsOfFiles } from '../../main/core/planning/agents/prompt-preview';
import { SCHEMAS } from '../../main/core/prompts/placeholders';
import { buildPrompt } from '../../main/core/prompts/prompt-builder';
import { RUNTIME_SAMPLES } from '../../main/core/prompts/runtime-placeholders';
import { AppError } from '../../shared/ipc/result';
import { exampleWorld, shippedPrompts } from '../support/engine';

const fm = (title: string) => `---\ntitle: ${title}\npurpose: A test prompt.\n---\n`;
const main = (line: string) => `${fm('Main')}# Narrator\n${line}\nThe player: {{PLAYER_INPUT}}\nEnd of prompt.`;
const protocol = `${fm('Protocol')}Always answer.\n{{include:main.md}}`;

// What a prompt can ask for that has no value, the code it is reported with, and what play says.
const UNFILLED = [
  {
    what: 'an unknown placeholder',
    line: 'Say {{NOT_A_PLACEHOLDER}} now.',
    marker: '{{NOT_A_PLACEHOLDER}}',
    code: 'UNKNOWN_PLACEHOLDER',
    column: 5,
    refused: 'main.md:6: the placeholder {{NOT_A_PLACEHOLDER}} has no value',
  },
  {
    what: "a known placeholder the target has no value for (a narrator's {{TOOLS}})",
    line: 'Tools: {{TOOLS}}',
    marker: '{{TOOLS}}',
    code: 'UNAVAILABLE_PLACEHOLDER',
    column: 8,
    refused: 'main.md:6: the placeholder {{TOOLS}} has no value',
  },
  {
    what: 'a missing include',
    line: '{{include:gone.md}}',
    marker: '{{include:gone.md}}',
    code: 'MISSING_INCLUDE',
    column: 11,
    refused: 'main.md includes gone.md, which does not exist',
  },
  {
    what: 'an include cycle',
    line: '{{include:protocol.md}}',
    marker: '{{include:main.md}}',
    code: 'INCLUDE_CYCLE',
    column: 11,
    refused: 'Include cycle: main.md → protocol.md → main.md',
  },
] as const;

const filesWith = (line: string) =>
  new Map([
    ['main.md', main(line)],
    ['protocol.md', protocol],
  ]);
const build = (line: string, lenient: boolean) =>
  buildPrompt({ entry: 'main.md', files: filesWith(line), schemas: SCHEMAS, runtime: RUNTIME_SAMPLES, lenient });

describe('a lenient build (the preview)', () => {
  it.each(UNFILLED)('marks $what where it stands and assembles the rest', ({ line, marker, code, column }) => {
    const built = build(line, true);
    const marked = built.segments.filter((s) => s.source.kind === 'unresolved');
    expect(marked).toHaveLength(1);
    expect(built.text.slice(marked[0]!.start, marked[0]!.end)).toBe(marker);
    expect(marked[0]!.source).toMatchObject({ name: marker.slice(2, -2) });
    expect(built.text).toContain('# Narrator');
    expect(built.text).toContain(`The player: ${RUNTIME_SAMPLES.PLAYER_INPUT}`);
    expect(built.text).toContain('End of prompt.');
    const file = code === 'INCLUDE_CYCLE' ? 'protocol.md' : 'main.md'; // the cycle closes in protocol.md
    expect(built.unresolved).toEqual([expect.objectContaining({ file, line: 6, column, code, severity: 'error' })]);
  });

  it('covers the whole text with segments, the marker included', () => {
    const built = build('Say {{NOT_A_PLACEHOLDER}} now.', true);
    let at = 0;
    for (const segment of built.segments) {
      expect(segment.start).toBe(at);
      at = segment.end;
    }
    expect(at).toBe(built.text.length);
  });

  it.each(UNFILLED)('is never what play gets: a strict build refuses $what', ({ line, refused }) => {
    expect(() => build(line, false)).toThrow(refused);
    expect(() => build(line, false)).toThrow(AppError);
  });

  it('still refuses a prompt whose entry file is missing: there is nothing to show', () => {
    expect(() =>
      buildPrompt({ entry: 'none.md', files: new Map(), schemas: SCHEMAS, runtime: {}, lenient: true }),
    ).toThrow('No prompt named none.md');
  });
});

describe('the preview of a prompt with an unknown placeholder', () => {
  it('renders the rest with its token estimate, the marker and a diagnostic, and play still refuses it', async () => {
    const files = shippedPrompts();
    const entry = files.get('game_state_instruction.md')!;
    const edited = entry.replace(/\n# /, '\nThe mood is {{NOT_A_PLACEHOLDER}}.\n# ');
    files.set('game_state_instruction.md', edited);
    const line = edited.split('\n').findIndex((l) => l.includes('NOT_A_PLACEHOLDER')) + 1;

    const preview = await previewPromptSet(files, 'story');
    expect(preview.error).toBeNull();
    expect(preview.tokenEstimate).toBeGreaterThan(1000);
    expect(preview.text).toContain('The mood is {{NOT_A_PLACEHOLDER}}.');
    expect(preview.text).toContain('"intent"'); // the schema after it is still injected
    expect(preview.segments).toContainEqual(
      expect.objectContaining({ source: expect.objectContaining({ kind: 'unresolved', name: 'NOT_A_PLACEHOLDER' }) }),
    );
    const unknown = preview.diagnostics.filter((d) => d.code === 'UNKNOWN_PLACEHOLDER');
    expect(unknown).toEqual([expect.objectContaining({ file: 'game_state_instruction.md', line })]); // once

    const context: ModelContext = {
      seed: 7,
      turn: 1,
      mode: 'story',
      input: 'I knock on the gate.',
      world: await exampleWorld(),
      history: [],
      plans: {},
    };
    expect(() => buildAgentPrompt(files, 'story', context)).toThrow('{{NOT_A_PLACEHOLDER}} has no value');
  });

  it('says why when the target entry file is missing, with nothing assembled', async () => {
    const files = shippedPrompts();
    files.delete('tactical.md');
    const preview = await previewPromptSet(files, 'tactical');
    expect(preview.error).toBe('No prompt named tactical.md');
    expect(preview.segments).toEqual([]);
  });
});

describe('which targets a prompt file belongs to', () => {
  it.each([
    ['tactical.md', ['tactical']],
    ['game_state_instruction.md', ['story']],
    ['think_mode_instruction.md', ['think']],
    ['planning_protocol.md', ['story', 'think']],
    ['agent_protocol.md', ['orchestrator', 'strategic', 'tactical', 'perception', 'planner']],
  ])('%s → %j', (file, targets) => {
    expect(targetsOfFiles(shippedPrompts())[file]).toEqual(targets);
  });

  it('puts the agent its front matter names first, even when no prompt includes the file', () => {
    const files = shippedPrompts();
    files.set('tactical_notes.md', `---\ntitle: Notes\npurpose: Scratch.\nagent: tactical\n---\nNotes.`);
    files.set('story_notes.md', `---\ntitle: Notes\npurpose: Scratch.\nagent: StoryModeAgent\n---\nNotes.`);
    const owners = targetsOfFiles(files);
    expect(owners['tactical_notes.md']).toEqual(['tactical']);
    expect(owners['story_notes.md']).toEqual(['story']);
  });
});
