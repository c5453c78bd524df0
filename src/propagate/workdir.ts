import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where clones of dependents are kept by default: the user's own cache (`$XDG_CACHE_HOME/basepin/work`, else
 * `~/.cache/basepin/work`), never a shared temporary directory others could squat.
 */
export function defaultWorkdir(env: Record<string, string | undefined> = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'basepin', 'work');
}
