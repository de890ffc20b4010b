/**
 * The JSON value in a model's text answer. Models wrap JSON in prose or code fences: the first `{` to the last
 * `}` is tried when the whole text is not JSON. Undefined when there is none.
 */
export function parseJsonAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end <= start) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}
