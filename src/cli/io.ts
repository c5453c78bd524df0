/** Where a command reads its surroundings and writes its output; the real process in main.ts, buffers in tests. */
export interface Io {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface Output {
  write(text: string): unknown;
  /** True on a terminal: colors are used only there (and never with NO_COLOR). */
  isTTY?: boolean;
}
