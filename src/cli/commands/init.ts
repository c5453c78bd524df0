import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaults } from '../../defaults.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { UsageError } from '../usage-error.js';
import { packageInfo } from '../version.js';

export interface InitOptions {
  force?: boolean;
}

/** The configuration `basepin init` writes: every key, commented out, with what it does. */
export const CONFIG_TEMPLATE = `# basepin configuration (basepin's README, "Configuration", says what each key does)
# Every key is optional; with none, basepin reads every file it understands and asks each registry directly.

# registries:
#   ${defaults.dockerHubDomain}:
#     mirror: https://mirror.internal          # one URL or a list, tried in order, then ${defaults.dockerHubDomain} itself
#   registry.internal:5443:
#     ca: certs/internal-ca.pem                # PEM bundle trusted for this host (relative to this file)
#     username: ci
#     passwordEnv: REGISTRY_TOKEN              # the password comes from this environment variable
#   build-cache:5000:
#     insecure: true                           # no certificate checks; plain HTTP if it does not speak TLS

# include: ["services/**"]                     # only these files (globs, relative to this file)
# exclude: ["**/testdata/**"]                  # never these files
# ignore: ["myorg/experimental/*", "*:latest"] # never pin or check these images (* matches anything)
`;

/** This release: what the snippets install (the release's tarball, the container image). */
const RELEASE = packageInfo().version;

/** What a CI job runs: the check as annotations, a SARIF file and a job summary from one run. */
const GITHUB_SNIPPET = `# .github/workflows/basepin.yml: fail pull requests that add unpinned or stale image references
name: basepin
on: [pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # or all of this in one step: uses: basepin/basepin@v${RELEASE} (with: mode: check), see docs/github-action.md
      - run: npm install --global https://github.com/basepin/basepin/releases/download/v${RELEASE}/basepin-${RELEASE}.tgz
      - run: basepin check --format github --output sarif:basepin.sarif --output markdown:"$GITHUB_STEP_SUMMARY"
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: basepin.sarif
`;

const GITLAB_SNIPPET = `# .gitlab-ci.yml: a job that reports unpinned or stale image references in merge requests
basepin:
  stage: test
  image:
    name: ghcr.io/basepin/basepin:${RELEASE} # pin it: basepin pin .gitlab-ci.yml
    entrypoint: [""]
  script:
    - basepin check --output gitlab:gl-code-quality-report.json --output markdown:basepin.md
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
    paths: [basepin.md]
`;

/**
 * `basepin init [DIR]`: writes a commented `.basepin.yaml` (never over an existing one unless `--force`), then prints
 * the CI job for the CI the repository uses: GitHub Actions when `.github/workflows` exists, GitLab CI when
 * `.gitlab-ci.yml` does, both when neither is found.
 */
export async function initCommand(dir: string | undefined, options: InitOptions, io: Io): Promise<number> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const file = path.join(root, defaults.configFile);
  if (!options.force && (await exists(file))) {
    throw new UsageError(
      `${printable(path.relative(io.cwd, file) || defaults.configFile)} already exists (--force replaces it)`,
    );
  }
  await writeFile(file, CONFIG_TEMPLATE, { flag: options.force ? 'w' : 'wx' });
  io.stderr.write(`basepin: wrote ${printable(path.relative(io.cwd, file))}\n`);
  const github = await exists(path.join(root, '.github', 'workflows'));
  const gitlab = await exists(path.join(root, '.gitlab-ci.yml'));
  const neither = !github && !gitlab;
  const snippets = [github || neither ? GITHUB_SNIPPET : '', gitlab || neither ? GITLAB_SNIPPET : ''];
  io.stdout.write(snippets.filter(Boolean).join('\n'));
  return 0;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
