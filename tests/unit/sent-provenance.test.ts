import { describe, expect, it } from 'vitest';
import { sentProvenance } from '../../main/core/planning/agents/sent-provenance';
import { startSession, shippedPrompts } from '../support/engine';

describe('where each part of a prompt as sent came from', () => {
  it('covers every character of every prompt of a played turn, template text where the files say, values between', async () => {
    const session = await startSession({ seed: 4 });
    const files = shippedPrompts();
    const targets: Record<string, 'orchestrator' | 'strategic' | 'tactical' | 'perception' | 'story'> = {
      orchestrator: 'orchestrator',
      strategic: 'strategic',
      tactical: 'tactical',
      perception: 'perception',
      StoryModeAgent: 'story',
    };
    const { trace } = await session.play('I head to the harbor gate with Tobin.');
    const asked = trace.filter((s) => s.kind === 'model');
    expect(asked.length).toBeGreaterThan(3);
    for (const step of asked) {
      const prompt = (step.input as { prompt: string }).prompt;
      const segments = sentProvenance(prompt, files, targets[step.agent]!)!;
      expect(segments, step.agent).not.toBeNull();
      // Contiguous and complete.
      expect(segments[0]!.start).toBe(0);
      expect(segments.at(-1)!.end).toBe(prompt.length);
      segments.slice(1).forEach((s, i) => expect(s.start).toBe(segments[i]!.end));
      // The player's words are the PLAYER_INPUT value.
      const input = segments.find((s) => s.source.kind === 'runtime' && s.source.name === 'PLAYER_INPUT');
      expect(prompt.slice(input!.start, input!.end)).toBe('I head to the harbor gate with Tobin.');
      // A template line's text is on that line of that file.
      const line = segments.find(
        (s) => s.source.kind === 'template' && prompt.slice(s.start, s.end).trim().length > 10,
      )!;
      const source = line.source as { file: string; line: number };
      expect(files.get(source.file)!.split('\n')[source.line - 1]).toContain(prompt.slice(line.start, line.end).trim());
      // A re-ask's refusal note after the prompt is FEEDBACK.
      const reasked = sentProvenance(
        `${prompt}\n## Your previous answer was refused\n\nno tool named x\n`,
        files,
        targets[step.agent]!,
      )!;
      expect(reasked.at(-1)!.source).toEqual({ kind: 'runtime', name: 'FEEDBACK' });
    }
  });

  it('is null when the prompt was not made from these files, and names a re-ask note FEEDBACK', () => {
    const files = shippedPrompts();
    expect(sentProvenance('Something else entirely', files, 'tactical')).toBeNull();
    const edited = new Map(files);
    edited.set('tactical.md', `${files.get('tactical.md')}\nA new line.\n`);
    expect(sentProvenance('# Tactical agent\n\nnot the rest', edited, 'tactical')).toBeNull();
  });
});
