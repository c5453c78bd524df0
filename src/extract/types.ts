/**
 * The contract between file extractors and the rest of basepin.
 *
 * An extractor is a pure function from a file's text to the image references in it. It knows nothing of
 * registries, the file system or the CLI. Every reference carries the exact span of text where its digest
 * lives (or would live), so that rewriting can replace those characters and nothing else.
 */

/**
 * The kind of a source (`dockerfile`, `compose`, ...): one per entry of the registry in registry.ts, which checks at
 * compile time that this union and its list name the same kinds (declared here, not derived there, so that the
 * sources, which use this contract, and the registry, which lists them, do not import each other).
 */
export type Kind =
  | 'dockerfile'
  | 'compose'
  | 'kustomize'
  | 'github-actions'
  | 'gitlab-ci'
  | 'devcontainer'
  | 'bake'
  | 'circleci'
  | 'bitbucket-pipelines'
  | 'azure-pipelines'
  | 'drone'
  | 'woodpecker'
  | 'cloudbuild'
  | 'buildkite'
  | 'quadlet'
  | 'nomad'
  | 'terraform'
  | 'ansible'
  | 'helm'
  | 'kubernetes';

/** A custom resource kind and the paths (see YamlPath in yaml/paths.ts) of the images in it. */
export interface ResourceImages {
  /** `group/version` or the group alone; only the group is compared (`example.com/v1` matches `example.com/v2`). */
  apiVersion: string;
  kind: string;
  /** Paths to image strings from the resource's root, e.g. `spec.runner.image`, `spec.steps[].image`. */
  paths: readonly string[];
}

/**
 * What the caller knows that a file's name and text do not say (from the configuration and the file system);
 * extractors stay pure and take it as given. Every field is optional: an empty context is the default behaviour.
 */
export interface ExtractContext {
  /** Whether the file's directory holds a `Chart.yaml`: then its `values*.yaml` files are Helm values. */
  inChart?: boolean;
  /** Kubernetes custom resources to read beside the built-in ones. */
  kubernetesImages?: readonly ResourceImages[];
  /**
   * Where a Helm image block gets its digest: its existing `digest:` key when it has one, else the tag
   * (`field`, the default), or always the tag (`tag`: `tag: 1.2@sha256:...`).
   */
  helmDigest?: 'field' | 'tag';
}

/**
 * One image reference found in a text.
 *
 * Offsets are UTF-16 code unit indices into the text exactly as it was given to the extractor (a BOM, if
 * present, is character 0). `line` and `column` are 1-based and point at `start`.
 *
 * Two ways to write a digest:
 * - no `template` (the common case): `text.slice(start, end)` is the END of the reference `image`
 *   (`image.endsWith(text.slice(start, end))`). It is the whole reference for `FROM node:20`, the ARG
 *   default for `ARG BASE=node:20` + `FROM ${BASE}`, or only the tag for `ARG V=20` + `FROM node:${V}`.
 *   Pinning replaces the span with the matching end of the pinned reference (`node:20@sha256:...`).
 * - `template` (e.g. kustomize's `digest:` field): the span is replaced by `template` with every
 *   `{digest}` swapped for the digest. The span may be empty (an insertion point).
 */
export interface Found {
  kind: Kind;
  /**
   * The reference as the build will see it, variables already substituted, e.g. `node:20`,
   * `registry:5000/app:1@sha256:...`. For a skipped reference: the text as written (may hold `${VAR}`), on one line.
   */
  image: string;
  start: number;
  end: number;
  line: number;
  column: number;
  /** Where the reference was written, when that differs from where its digest goes (`FROM ${BASE}` vs the ARG). */
  at?: { line: number; column: number };
  /** Set when basepin must not pin this reference; says why, for the user. */
  skip?: string;
  /** See above. Contains `{digest}`. */
  template?: string;
}

/** A source basepin reads; `K` is its kind, a literal, so that the registry can check it lists every `Kind`. */
export interface Extractor<K extends string = Kind> {
  kind: K;
  /** Whether a file with this path (forward slashes, relative to the scan root) is this extractor's kind by its name. */
  matches(path: string, context?: ExtractContext): boolean;
  /** Every reference in `text`, in source order. Throws ExtractError when the text cannot be parsed at all. */
  extract(text: string, path: string, context?: ExtractContext): Found[];
}
