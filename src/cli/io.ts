/** Where a command reads its surroundings and writes its output; the real process in main.ts, buffers in tests. */
export interface Io {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--color` (true) or `--no-color` (false); undefined: decided from the environment and the terminal (style.ts). */
  color?: boolean;
}

export interface Output {
  write(text: string): unknown;
  /** True on a terminal: colors and progress are shown only there (see style.ts). */
  isTTY?: boolean;
}
