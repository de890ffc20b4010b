import { describe, expect, it } from 'vitest';
import type { ModelContext } from '../../main/core/models/model';
import { buildAgentPrompt, runtimeValue } from '../../main/core/planning/agents/agent-prompt';
import { previewPromptSet } from '../../main/core/planning/agents/prompt-preview';
import { TARGETS } from '../../main/core/planning/agents/prompt-targets';
import { sentProvenance } from '../../main/core/planning/agents/sent-provenance';
import { KNOWN_PLACEHOLDERS, placeholderDocs } from '../../main/core/prompts/placeholders';
import { PLACEHOLDER } from '../../main/core/prompts/prompt-builder';
import { RUNTIME_PLACEHOLDERS, RUNTIME_SAMPLES } from '../../main/core/prompts/runtime-placeholders';
import type { PreviewTarget } from '../../shared/schemas/prompt-preview';
import { exampleWorld, shippedPrompts } from '../support/engine';

const rows = [...RUNTIME_PLACEHOLDERS.values()];
const targets = Object.keys(TARGETS) as PreviewTarget[];

async function playContext(): Promise<ModelContext> {
  return {
    seed: 7,
    turn: 1,
    mode: 'story',
    input: 'I knock on the gate.',
    world: await exampleWorld(),
    history: [{ index: 0, mode: 'story', input: 'I wait.', narrative: 'The bells ring.', enhanced: false }],
    task: { objective: 'Plan the knock.', inputs: {} },
    plans: {},
  };
}

describe('the one table of runtime placeholders', () => {
  it.each(rows.map((row) => [row.name, row] as const))(
    '%s has a name a prompt can write, a description, a sample and a value',
    async (name, row) => {
      expect(`{{${name}}}`).toMatch(new RegExp(`^${PLACEHOLDER.source}$`));
      expect(row.description.trim().length).toBeGreaterThan(20);
      expect(row.sample.trim()).not.toBe('');
      const value = row.value(await playContext());
      expect(typeof value).toBe('string');
      expect(value.trim()).not.toBe('');
      for (const covered of row.covers ?? []) expect(RUNTIME_PLACEHOLDERS.has(covered)).toBe(true);
    },
  );

  it('gives the preview a sample and play a value for the same names, and no other', async () => {
    const context = await playContext();
    const withValue = rows.filter((row) => typeof runtimeValue(row.name, context) === 'string').map((r) => r.name);
    expect(Object.keys(RUNTIME_SAMPLES).sort()).toEqual(withValue.sort());
    for (const name of KNOWN_PLACEHOLDERS)
      if (!RUNTIME_PLACEHOLDERS.has(name)) expect(() => runtimeValue(name, context)).toThrow(/no runtime placeholder/);
  });

  it.each(targets)('%s: every runtime value its prompt may use is a row of the table', (target) => {
    for (const name of TARGETS[target].runtime) expect(RUNTIME_PLACEHOLDERS.has(name), name).toBe(true);
  });

  it.each(targets)(
    '%s: every schema or list planning injects is a placeholder lint knows and the editor explains',
    (target) => {
      const explained = new Set(placeholderDocs().map((doc) => doc.name));
      for (const name of TARGETS[target].schemas.keys()) {
        expect(KNOWN_PLACEHOLDERS.has(name), name).toBe(true);
        expect(explained.has(name), name).toBe(true);
      }
    },
  );

  it.each(targets)(
    '%s: the preview shows samples where play fills in values, placeholder for placeholder',
    async (target) => {
      const files = shippedPrompts();
      const runtimeNames = (segments: { source: { kind: string; name?: string } }[]) =>
        segments.filter((s) => s.source.kind === 'runtime').map((s) => s.source.name);
      const preview = await previewPromptSet(files, target);
      expect(preview.error).toBeNull();
      const played = sentProvenance(buildAgentPrompt(files, target, await playContext()), files, target);
      expect(played).not.toBeNull();
      expect(runtimeNames(played!)).toEqual(runtimeNames(preview.segments));
      expect(runtimeNames(preview.segments).length).toBeGreaterThan(0);
    },
  );
});
