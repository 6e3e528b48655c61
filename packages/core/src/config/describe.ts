// How config values are shown in messages and docs: what the user wrote (`string "ten"`) and
// how to write a value in TOML (`["a", "b"]`).

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A TOML literal for a value: strings quoted (literal quotes when backslashes would need escaping). */
export function tomlLiteral(value: unknown): string {
  if (typeof value === 'string') {
    return value.includes('\\') && !/['\n\r]/.test(value) ? `'${value}'` : JSON.stringify(value);
  }
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(tomlLiteral).join(', ')}]`;
  if (isTable(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${tomlLiteral(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** The TOML type of a raw value, as a noun: `string`, `integer`, `float`, `boolean`, `array`, `table`, `datetime`. */
export function tomlTypeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'datetime';
  if (Array.isArray(value)) return 'array';
  return 'table';
}

/** `string "ten"`, `integer 10`, `array ["a"]`, `table` — for "expected X, got Y". */
export function describeValue(value: unknown): string {
  const type = tomlTypeName(value);
  if (type === 'table') return 'a table';
  return `${type} ${shorten(tomlLiteral(value))}`;
}

export { isTable };
