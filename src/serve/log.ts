/** Structured logs: one JSON object per line, `{"time", "level", "msg", ...fields}`. Callers never pass secrets. */

export type Level = 'info' | 'warn' | 'error';
export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(output: { write(text: string): unknown }): Logger {
  return (level, msg, fields = {}) => {
    output.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}
