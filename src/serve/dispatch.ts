/**
 * Where `basepin serve` sends the work of a push (`--dispatch`): `local` propagates in this process, as always;
 * `github-actions` sends a `repository_dispatch` event to an operations repository, whose workflow runs a matrix of
 * `basepin propagate --shard I/N` jobs; `kubernetes` creates an Indexed Job, one completion per shard. The service
 * stays a thin receiver: it resolves the tag, hands on `{image, digest, shards}`, and the engine does the fan-out.
 * The shards resolve the tag again themselves (level, not edge): one that starts after a newer push moves its
 * dependents to the newer digest.
 */

import { readFile } from 'node:fs/promises';
import { defaults } from '../defaults.js';
import { callApi, AppTokens, gitHubAppFrom, ForgeTransport } from '../forge/index.js';
import { indexedJob } from './kubernetes-job.js';

/** One push, as handed to the engine. */
export interface Dispatch {
  image: string;
  digest: string;
  shards: number;
}

/** Starts the propagation of a push on an engine; resolves with where it went (a URL or a Job name). Throws. */
export type Dispatcher = (work: Dispatch) => Promise<string>;

export interface GitHubActionsTarget {
  /** `https://api.github.com`, or `https://HOST/api/v3`. */
  api: string;
  /** The operations repository, `owner/name`. */
  repository: string;
  env: Record<string, string | undefined>;
}

/**
 * A `repository_dispatch` (`POST /repos/OWNER/NAME/dispatches`, event type `basepin-propagate`, the push as
 * `client_payload`) with the token in `GITHUB_TOKEN`, or a GitHub App's installation token.
 */
export function gitHubActionsDispatcher(target: GitHubActionsTarget): Dispatcher {
  const transport = new ForgeTransport(target.env);
  const app = gitHubAppFrom(target.env);
  const tokens = app === undefined ? undefined : new AppTokens(target.api, app, transport);
  const path = target.repository.split('/').map(encodeURIComponent).join('/');
  const url = `${target.api}/repos/${path}/dispatches`;
  return async ({ image, digest, shards }) => {
    const token =
      tokens === undefined ? target.env[defaults.serve.dispatchTokenEnv] : await tokens.tokenFor(target.repository);
    if (!token)
      throw new Error(`set ${defaults.serve.dispatchTokenEnv} (or a GitHub App) to dispatch to ${target.repository}`);
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
    };
    const body = { event_type: defaults.serve.dispatchEventType, client_payload: { image, digest, shards } };
    await callApi<undefined>(transport, 'GitHub', { method: 'POST', url, headers, body });
    return url;
  };
}

export interface KubernetesTarget {
  /** The API server; undefined: in-cluster (`KUBERNETES_SERVICE_HOST`/`_PORT`, the service account's files). */
  api?: string;
  /** Undefined: the service account's namespace. */
  namespace?: string;
  /** The Job template (a parsed `batch/v1` Job manifest). */
  template: Record<string, unknown>;
  parallelism: number;
  env: Record<string, string | undefined>;
  /** Where the service account's token, CA and namespace are (default: the in-cluster path). */
  serviceAccountDir?: string;
}

/**
 * Creates an Indexed Job (`POST /apis/batch/v1/namespaces/NS/jobs`) from the template. Authenticates with the token
 * in `BASEPIN_KUBE_TOKEN`, else the pod's service account token (read on each dispatch: the kubelet rotates it).
 */
export function kubernetesDispatcher(target: KubernetesTarget): Dispatcher {
  const dir = target.serviceAccountDir ?? defaults.serve.serviceAccountDir;
  const inCluster = target.api === undefined;
  const host = target.env.KUBERNETES_SERVICE_HOST;
  const api =
    target.api ??
    (host === undefined
      ? undefined
      : `https://${host.includes(':') ? `[${host}]` : host}:${target.env.KUBERNETES_SERVICE_PORT ?? '443'}`);
  const transport = new ForgeTransport(target.env, inCluster ? `${dir}/ca.crt` : undefined);
  return async ({ image, digest, shards }) => {
    if (api === undefined)
      throw new Error('not in a Kubernetes cluster (KUBERNETES_SERVICE_HOST is unset): give the API server URL');
    const read = (name: string) => readFile(`${dir}/${name}`, 'utf8').then((text) => text.trim());
    const token = target.env[defaults.serve.kubeTokenEnv] || (await read('token').catch(() => undefined));
    if (!token)
      throw new Error(`no Kubernetes token: set ${defaults.serve.kubeTokenEnv}, or run with a service account`);
    const namespace = target.namespace ?? (await read('namespace').catch(() => 'default'));
    const url = `${api}/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs`;
    const body = indexedJob(target.template, { image, digest, shards, parallelism: target.parallelism });
    const created = await callApi<{ metadata?: { name?: string } }>(transport, 'Kubernetes', {
      method: 'POST',
      url,
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    return `${namespace}/${created.metadata?.name ?? '?'}`;
  };
}
