/** Whether a parsed JSON or YAML value is a plain object (a mapping), not null or an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
