import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Diagnostic } from '../../../shared/schemas/prompt-preview';
import { describeIssue } from '../../../shared/schemas/zod-issues';

/** What a prompt's front matter may say. Unknown keys are errors, so a typo never silently does nothing. */
export const FrontMatter = z
  .object({
    title: z.string().min(1),
    purpose: z.string().min(1),
    agent: z.string().optional(),
    intent: z.enum(['think', 'story']).optional(),
  })
  .strict();
export type FrontMatter = z.infer<typeof FrontMatter>;

export interface PromptSource {
  name: string;
  frontMatter: FrontMatter | null;
  /** The body lines after the front matter, with their 1-based line numbers in the file. */
  body: { text: string; line: number }[];
  diagnostics: Diagnostic[];
}

const parsed = new Map<string, PromptSource>();
const PARSED_LIMIT = 256;

/**
 * Splits a prompt file into front matter and body, checking the front matter with zod. Results are kept by
 * name and content: while a designer types, only the file being edited is parsed again.
 */
export function parsePromptSource(name: string, content: string): PromptSource {
  const key = `${name}\0${content}`;
  const cached = parsed.get(key);
  if (cached) return cached;
  const source = parseUncached(name, content);
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, source);
  return source;
}

function parseUncached(name: string, content: string): PromptSource {
  const lines = content.split('\n');
  const diagnostics: Diagnostic[] = [];
  let bodyStart = 0;
  let frontMatter: FrontMatter | null = null;
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (close < 0) {
      diagnostics.push({
        file: name,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'FRONT_MATTER',
        message: 'The front matter opened with --- is never closed with ---',
      });
    } else {
      bodyStart = close + 1;
      try {
        const parsed = FrontMatter.safeParse(parseYaml(lines.slice(1, close).join('\n')) ?? {});
        if (parsed.success) frontMatter = parsed.data;
        else
          for (const issue of parsed.error.issues) {
            const key = issue.path[0] ?? ('keys' in issue ? (issue.keys as string[])[0] : undefined);
            const at =
              key === undefined ? 0 : lines.slice(1, close).findIndex((line) => line.startsWith(`${String(key)}:`));
            diagnostics.push({
              file: name,
              line: at >= 0 ? at + 2 : 1,
              column: 1,
              severity: 'error',
              code: 'FRONT_MATTER',
              message: `Front matter: ${describeIssue(issue)}`,
            });
          }
      } catch (error) {
        const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
        diagnostics.push({
          file: name,
          line: line + 1,
          column: 1,
          severity: 'error',
          code: 'FRONT_MATTER',
          message: `Front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
  }
  return {
    name,
    frontMatter,
    body: lines.slice(bodyStart).map((text, i) => ({ text, line: bodyStart + i + 1 })),
    diagnostics,
  };
}
