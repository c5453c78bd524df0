/**
 * Where `docker login` and `podman login` keep credentials, in the order basepin reads them: docker's
 * `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`), then the containers auth files
 * `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json` and `$XDG_CONFIG_HOME/containers/auth.json`
 * (else `~/.config/containers/auth.json`). Only variables that are set count: no home, no home-based files.
 */

import path from 'node:path';

export interface AuthFileLocation {
  path: string;
  /** Decides the server URL a credential helper is asked for (the docker CLI's form, or podman's). */
  format: 'docker' | 'containers';
}

export function authFileLocations(env: Record<string, string | undefined>): AuthFileLocation[] {
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE);
  const under = (base: string | undefined, ...parts: string[]) =>
    base === undefined ? [] : [path.join(base, ...parts)];
  const docker =
    nonEmpty(env.DOCKER_CONFIG) !== undefined
      ? under(env.DOCKER_CONFIG, 'config.json')
      : under(home, '.docker', 'config.json');
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? (home === undefined ? undefined : path.join(home, '.config'));
  const containers = [
    ...under(nonEmpty(env.REGISTRY_AUTH_FILE)),
    ...under(nonEmpty(env.XDG_RUNTIME_DIR), 'containers', 'auth.json'),
    ...under(configHome, 'containers', 'auth.json'),
  ];
  return [
    ...docker.map((file) => ({ path: file, format: 'docker' as const })),
    ...[...new Set(containers)].map((file) => ({ path: file, format: 'containers' as const })),
  ];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
