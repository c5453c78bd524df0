/** Reading response headers as undici gives them: names in lower case, a value or a list of values. */

/** The first value of a response header (`name` in lower case). */
export function header(
  response: { headers: Record<string, string | string[] | undefined> },
  name: string,
): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
