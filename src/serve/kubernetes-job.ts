/**
 * The Kubernetes Indexed Job a push becomes with `serve --dispatch kubernetes`: the operator's Job template (image,
 * service account, secrets, volumes, the `basepin propagate` arguments), with basepin setting what varies per push:
 * `completionMode: Indexed`, `completions` (one per shard), `parallelism`, a generated name, and the environment
 * variables `BASEPIN_IMAGE`, `BASEPIN_DIGEST`, `BASEPIN_SHARDS` on every container. Kubernetes gives each pod its
 * index as `JOB_COMPLETION_INDEX`, and expands `$(VAR)` in container arguments, so the template's container runs
 * `basepin propagate --image $(BASEPIN_IMAGE) --shard $(JOB_COMPLETION_INDEX)/$(BASEPIN_SHARDS)`. Pure.
 */

import { isObject } from '../is-object.js';

export interface JobRequest {
  image: string;
  digest: string;
  shards: number;
  parallelism: number;
}

/** A Job template basepin cannot use; the message names the key. */
export class JobTemplateError extends Error {
  override name = 'JobTemplateError';
}

/** Checks `template` (a parsed `batch/v1` Job manifest) names a Job with at least one container; throws JobTemplateError. */
export function checkJobTemplate(template: unknown): Record<string, unknown> {
  if (!isObject(template) || template.apiVersion !== 'batch/v1' || template.kind !== 'Job') {
    throw new JobTemplateError('must be a batch/v1 Job (apiVersion: batch/v1, kind: Job)');
  }
  const pod = isObject(template.spec) && isObject(template.spec.template) ? template.spec.template.spec : undefined;
  if (
    !isObject(pod) ||
    !Array.isArray(pod.containers) ||
    pod.containers.length === 0 ||
    !pod.containers.every(isObject)
  ) {
    throw new JobTemplateError('spec.template.spec.containers: must list at least one container');
  }
  const restart = pod.restartPolicy;
  if (restart !== 'Never' && restart !== 'OnFailure')
    throw new JobTemplateError('spec.template.spec.restartPolicy: must be Never or OnFailure');
  return template;
}

/** The Job to create for one push: the template with basepin's part filled in (the template is not changed). */
export function indexedJob(template: Record<string, unknown>, request: JobRequest): Record<string, unknown> {
  const job = structuredClone(checkJobTemplate(template)) as {
    metadata?: Record<string, unknown>;
    spec: {
      template: { metadata?: Record<string, unknown>; spec: { containers: Array<Record<string, unknown>> } };
    } & Record<string, unknown>;
  };
  const labels = { 'app.kubernetes.io/name': 'basepin', 'app.kubernetes.io/component': 'propagate' };
  const annotations = { 'basepin.dev/image': request.image, 'basepin.dev/digest': request.digest };
  const metadata = job.metadata ?? {};
  const { name, ...rest } = metadata;
  job.metadata = {
    ...rest,
    generateName:
      typeof metadata.generateName === 'string'
        ? metadata.generateName
        : `${typeof name === 'string' ? name : 'basepin-propagate'}-`,
    labels: { ...(isObject(metadata.labels) ? metadata.labels : {}), ...labels },
    annotations: { ...(isObject(metadata.annotations) ? metadata.annotations : {}), ...annotations },
  };
  Object.assign(job.spec, {
    completionMode: 'Indexed',
    completions: request.shards,
    parallelism: Math.min(request.parallelism, request.shards),
  });
  const values = {
    BASEPIN_IMAGE: request.image,
    BASEPIN_DIGEST: request.digest,
    BASEPIN_SHARDS: String(request.shards),
  };
  for (const container of job.spec.template.spec.containers) {
    const env = (Array.isArray(container.env) ? container.env : []).filter(
      (entry: unknown) => !(isObject(entry) && String(entry.name) in values),
    );
    container.env = [...Object.entries(values).map(([envName, value]) => ({ name: envName, value })), ...env];
  }
  return job;
}
