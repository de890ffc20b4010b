/** One field of an audit entry's detail as it reads in the Audit table: its name and its value as text. */
export interface DetailField {
  name: string;
  value: string;
}

/**
 * An audit entry's detail as name–value pairs to read, not JSON to parse by eye: strings as they are (on one
 * line), numbers and booleans as written, nothing as a dash, and nested values as compact JSON.
 */
export function detailFields(detail: Record<string, unknown>): DetailField[] {
  return Object.entries(detail).map(([name, value]) => ({ name, value: textOf(value) }));
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
