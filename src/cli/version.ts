import { readFileSync } from 'node:fs';

interface PackageInfo {
  version: string;
  /** Where bugs are reported (package.json `bugs`), when it says. */
  bugs?: string;
}

let cached: PackageInfo | undefined;

/**
 * What basepin's package.json says of it: read once, when first asked (`--version`, SARIF's `tool.driver.version`,
 * internal errors). The file sits three levels above this module, both in the repository (`dist/src/cli/`) and in an
 * installed package.
 */
export function packageInfo(): PackageInfo {
  if (cached === undefined) {
    const json = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
      bugs?: string | { url?: string };
    };
    cached = { version: json.version, bugs: typeof json.bugs === 'string' ? json.bugs : json.bugs?.url };
  }
  return cached;
}
