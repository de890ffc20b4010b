import { AppError } from '../../../shared/ipc/result';
import type { Segment } from '../../../shared/schemas/prompt-preview';
import { parsePromptSource } from './prompt-source';
import type { InjectedSchema } from './placeholders';

/** `{{include:planning_protocol.md}}` on a line of its own pulls in another prompt file there. */
export const INCLUDE_LINE = /^\s*\{\{\s*include:\s*([^}\s]+)\s*\}\}\s*$/;
/** `{{NAME}}`: a registered schema or a runtime value. */
export const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;

export interface BuildInput {
  entry: string;
  files: ReadonlyMap<string, string>;
  schemas: ReadonlyMap<string, InjectedSchema>;
  runtime: Readonly<Record<string, string>>;
}

export interface BuiltPrompt {
  text: string;
  segments: Segment[];
  schemaHashes: Record<string, string>;
}

/**
 * Assembles a prompt: includes expanded, schemas injected, runtime values filled in, front matter left out.
 * Every range of the result says where it came from. A placeholder with no value is an error, never "".
 */
export function buildPrompt(input: BuildInput): BuiltPrompt {
  let text = '';
  const segments: Segment[] = [];
  const schemaHashes: Record<string, string> = {};
  const push = (piece: string, source: Segment['source']) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    // Adjacent pieces of the same template line are one segment.
    if (
      last &&
      source.kind === 'template' &&
      last.source.kind === 'template' &&
      last.source.file === source.file &&
      last.source.line === source.line
    ) {
      last.end += piece.length;
    } else {
      segments.push({ start: text.length, end: text.length + piece.length, source });
    }
    text += piece;
  };

  const expand = (name: string, stack: string[]) => {
    const content = input.files.get(name);
    if (content === undefined) {
      const from = stack[stack.length - 1];
      throw new AppError(
        'NOT_FOUND',
        from ? `${from} includes ${name}, which does not exist` : `No prompt named ${name}`,
      );
    }
    if (stack.includes(name)) throw new AppError('BAD_INPUT', `Include cycle: ${[...stack, name].join(' → ')}`);
    const source = parsePromptSource(name, content);
    for (const { text: lineText, line } of source.body) {
      const include = INCLUDE_LINE.exec(lineText);
      if (include) {
        expand(include[1]!, [...stack, name]);
        continue;
      }
      let at = 0;
      for (const match of lineText.matchAll(PLACEHOLDER)) {
        push(lineText.slice(at, match.index), { kind: 'template', file: name, line });
        const key = match[1]!;
        const schema = input.schemas.get(key);
        if (schema) {
          schemaHashes[key] = schema.hash;
          push(schema.text, { kind: 'schema', name: key, hash: schema.hash });
        } else if (Object.hasOwn(input.runtime, key)) {
          push(input.runtime[key]!, { kind: 'runtime', name: key });
        } else {
          throw new AppError('BAD_INPUT', `${name}:${line}: the placeholder {{${key}}} has no value`);
        }
        at = match.index + match[0].length;
      }
      push(`${lineText.slice(at)}\n`, { kind: 'template', file: name, line });
    }
  };

  expand(input.entry, []);
  return { text, segments, schemaHashes };
}
