/** The text `basepin COMMAND --help` prints after the options: examples, environment variables and exit statuses. */

import { defaults } from '../defaults.js';

type EnvGroup = 'registry' | 'output' | 'engine' | 'forge' | 'serve';

/** Environment variables, by what reads them. */
const ENV: Record<EnvGroup, readonly (readonly [string, string])[]> = {
  registry: [
    ['DOCKER_CONFIG', 'directory of the docker config.json whose logins and credential helpers are used'],
    ['REGISTRY_AUTH_FILE', 'a podman/containers auth.json to read logins from'],
    ['HTTPS_PROXY, HTTP_PROXY, NO_PROXY', 'proxy for registry and forge requests'],
    ['NODE_EXTRA_CA_CERTS', 'extra certificate authorities to trust'],
  ],
  output: [
    ['NO_COLOR', 'no colors (FORCE_COLOR forces them; --color / --no-color win over both)'],
    ['CI', 'set: never show progress'],
  ],
  engine: [
    [
      'DOCKER_HOST, DOCKER_CONTEXT',
      'the container engine to ask (default: the docker context, or /var/run/docker.sock)',
    ],
  ],
  forge: [
    ['GITHUB_TOKEN, GITLAB_TOKEN', 'token for pull and merge requests (per dependent: tokenEnv)'],
    ['XDG_CACHE_HOME', 'clones are kept under $XDG_CACHE_HOME/basepin/work (default ~/.cache)'],
  ],
  serve: [[defaults.serve.secretEnv, 'the shared secret webhooks must carry (required unless --insecure-no-auth)']],
};

interface HelpText {
  examples: string[];
  env: EnvGroup[];
  exit: string[];
}

const REFERENCE_EXIT_2 = '2  a reference or file could not be handled, or bad usage or configuration';

/** Each command's help, by name. */
export const HELP: Record<string, HelpText> = {
  pin: {
    examples: ['basepin pin', 'basepin pin --dry-run services/api', 'basepin pin --image node:20 .'],
    env: ['registry', 'output'],
    exit: [
      '0  every reference that could be pinned was written',
      `${REFERENCE_EXIT_2} (every other one is still written)`,
    ],
  },
  check: {
    examples: [
      'basepin check',
      'basepin check --fail-on unpinned --format github --output sarif:basepin.sarif --output markdown:$GITHUB_STEP_SUMMARY',
      'basepin check --format gitlab > gl-code-quality-report.json',
    ],
    env: ['registry', 'output'],
    exit: [
      '0  every reference is pinned and current',
      '1  some are unpinned or stale (--fail-on chooses which; --strict adds skipped ones)',
      `${REFERENCE_EXIT_2}, or no file basepin reads was found (see --allow-empty)`,
    ],
  },
  update: {
    examples: ['basepin update', 'basepin update --dry-run --image registry.internal/platform/base:2'],
    env: ['registry', 'output'],
    exit: ['0  every stale pin was moved', REFERENCE_EXIT_2],
  },
  ls: {
    examples: ['basepin ls', 'basepin ls --format json deploy/'],
    env: ['output'],
    exit: ['0  listed', '2  a file could not be read or holds an invalid reference'],
  },
  doctor: {
    examples: ['basepin doctor', 'basepin doctor --pull', 'basepin doctor --image node:20'],
    env: ['engine', 'registry', 'output'],
    exit: [
      "0  every cached tag is the registry's current image",
      '1  some cached tag is stale',
      '2  the engine or a registry could not be asked',
    ],
  },
  inspect: {
    examples: [
      'basepin inspect node:20',
      'basepin inspect --platform linux/arm64 --json registry.internal/app@sha256:...',
    ],
    env: ['registry'],
    exit: ['0  shown', '2  the image could not be read'],
  },
  diff: {
    examples: ['basepin diff node:20 --from sha256:...', 'basepin diff app@sha256:AAA app@sha256:BBB'],
    env: ['registry'],
    exit: ['0  shown', '2  an image could not be read'],
  },
  propagate: {
    examples: [
      'basepin propagate --image registry.internal/platform/base:2',
      'basepin propagate --image base:2 --digest sha256:... --json',
    ],
    env: ['forge', 'registry'],
    exit: ['0  every dependent is current or was updated', '2  the image could not be resolved or a dependent failed'],
  },
  'update-pr': {
    examples: [
      'basepin update-pr',
      'basepin update-pr services deploy --branch deps/images --git-author "Pin Bot <pins@example.com>"',
      'basepin update-pr --forge gitlab --forge-api https://gitlab.example.com/api/v4 --forge-project team/app',
    ],
    env: ['forge', 'registry'],
    exit: [
      '0  the branch and pull request are up to date, or every reference is pinned and current',
      '2  git or the forge failed, or some references could not be resolved (the others are still proposed)',
    ],
  },
  serve: {
    examples: [
      `${defaults.serve.secretEnv}=$(openssl rand -hex 32) basepin serve --listen 0.0.0.0:8080 --dependents dependents.yaml`,
    ],
    env: ['serve', 'forge', 'registry'],
    exit: ['0  stopped by SIGINT or SIGTERM', '2  cannot start (no secret, bad options, the address is taken)'],
  },
  init: {
    examples: ['basepin init', 'basepin init services/api --force'],
    env: [],
    exit: ['0  written', '2  .basepin.yaml exists (without --force) or cannot be written'],
  },
  completion: {
    examples: [
      'source <(basepin completion bash)',
      'basepin completion zsh > ~/.zfunc/_basepin',
      'basepin completion fish > ~/.config/fish/completions/basepin.fish',
    ],
    env: [],
    exit: ['0  printed', '2  an unknown shell'],
  },
  graph: {
    examples: ['basepin graph', 'basepin graph --format mermaid > graph.md'],
    env: ['forge'],
    exit: ['0  shown', '2  a repository could not be read'],
  },
};

/** The help text after a command's options. */
export function helpAfter(name: string): string {
  const help = HELP[name];
  if (help === undefined) return '';
  const env = help.env.flatMap((group) => ENV[group]);
  const width = Math.max(...env.map(([names]) => names.length));
  return [
    '',
    'Examples:',
    ...help.examples.map((example) => `  $ ${example}`),
    '',
    ...(env.length === 0
      ? []
      : ['Environment:', ...env.map(([names, what]) => `  ${names.padEnd(width)}  ${what}`), '']),
    'Exit status:',
    ...help.exit.map((line) => `  ${line}`),
    '',
  ].join('\n');
}
