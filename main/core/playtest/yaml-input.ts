import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../../shared/ipc/result';
import { describeIssue } from '../../../shared/schemas/zod-issues';

/**
 * Parses a YAML (or JSON) file with a zod schema. Errors name the file, the line and column, and the field:
 * `examples/x.play.yaml:12:11: turns[2].mode: Invalid option: expected one of "think"|"story"`.
 */
export function parseYamlFile<T>(schema: z.ZodType<T>, text: string, file: string): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const error = doc.errors[0]!;
    const at = lineCounter.linePos(error.pos[0]);
    throw new AppError('BAD_INPUT', `${file}:${at.line}:${at.col}: ${error.message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 5).map((issue) => {
    // The deepest node of the path that exists: a missing field is reported where its parent is.
    let node: unknown;
    for (let depth = issue.path.length; depth >= 0 && !isNode(node); depth--)
      node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    const at = lineCounter.linePos(offset);
    return `${file}:${at.line}:${at.col}: ${describeIssue(issue)}`;
  });
  throw new AppError('BAD_INPUT', lines.join('\n'));
}
