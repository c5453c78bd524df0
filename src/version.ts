/** basepin's own version, read once from its package.json (the package root is two levels above `dist/src`). */

import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
