/**
 * The fields of a JSON value that its JSON Schema does not know, by path ("execution_steps.0.mood"): an answer
 * edited by hand can carry a field its type would silently drop, and the writer must see that before going on.
 * The schema is read as `z.toJSONSchema` writes it: `properties`, `items`, `anyOf`/`oneOf`/`allOf`, and `$ref`
 * into `$defs` or `definitions`. An object that allows more (`additionalProperties` set) is not checked.
 */
type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolve(schema: unknown, root: Schema, seen = 0): Schema | null {
  if (!isObject(schema)) return null;
  const ref = schema.$ref;
  if (typeof ref !== 'string' || seen > 20) return schema;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((at, key) => (isObject(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  return resolve(target, root, seen + 1);
}

function walk(schema: unknown, value: unknown, path: string, root: Schema): string[] {
  const s = resolve(schema, root);
  if (!s) return [];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length) {
      // The branch the value fits best: the one that leaves the fewest fields unknown.
      const found = branches.map((b) => walk(b, value, path, root)).sort((a, b) => a.length - b.length)[0]!;
      return found;
    }
  }
  if (Array.isArray(s.allOf)) return [...new Set(s.allOf.flatMap((b) => walk(b, value, path, root)))];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) {
    const items = s.items ?? s.prefixItems;
    return value.flatMap((item, i) => walk(Array.isArray(items) ? items[i] : items, item, at(i), root));
  }
  if (!isObject(value) || !isObject(s.properties)) return [];
  const properties = s.properties;
  const open = s.additionalProperties !== undefined && s.additionalProperties !== false;
  return Object.entries(value).flatMap(([key, inner]) =>
    Object.hasOwn(properties, key) ? walk(properties[key], inner, at(key), root) : open ? [] : [at(key)],
  );
}

export function unknownFields(schema: unknown, value: unknown): string[] {
  return isObject(schema) ? walk(schema, value, '', schema) : [];
}

/** The problem an edit's unknown fields make, in words, or null when it has none. */
export function unknownFieldsProblem(schema: unknown, text: string, schemaName: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const unknown = unknownFields(schema, value);
  if (!unknown.length) return null;
  const named = unknown.slice(0, 5).map((p) => `“${p}”`);
  return `${unknown.length === 1 ? 'Unknown field' : 'Unknown fields'} ${named.join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}: ${schemaName} has no such field${unknown.length === 1 ? '' : 's'}.`;
}
