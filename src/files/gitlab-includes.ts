import path from 'node:path';
import { defaults } from '../defaults.js';
import { gitlabLocalIncludes } from '../extract/index.js';

interface ScannedFile {
  file: string;
  text: string;
  extractor: { kind: string };
}

/**
 * `scanned` with the GitLab CI files its `.gitlab-ci.yml` files include from their repository (`include: local:`),
 * nested includes too, each read by `scanIncluded` (as a file given explicitly, so a YAML file that is no Compose
 * file or manifest reads as GitLab CI) in place of any other reading of it. Local paths are relative to the
 * repository's root, taken to be the directory of the `.gitlab-ci.yml` that starts the chain; paths that lead out of
 * it are not followed. At most `defaults.gitlabIncludesMax` files per chain, as GitLab allows.
 */
export function withGitlabIncludes<T extends ScannedFile>(
  scanned: T[],
  scanIncluded: (file: string) => T | undefined,
): T[] {
  const result = new Map(scanned.map((one) => [one.file, one]));
  const roots = scanned.filter(
    (one) => one.extractor.kind === 'gitlab-ci' && path.posix.basename(one.file) === '.gitlab-ci.yml',
  );
  for (const start of roots) {
    const root = path.posix.dirname(start.file);
    const queue: T[] = [start];
    const seen = new Set([start.file]);
    while (queue.length > 0 && seen.size <= defaults.gitlabIncludesMax) {
      for (const include of gitlabLocalIncludes(queue.shift()!.text)) {
        const file = path.posix.normalize(path.posix.join(root, include.replace(/^\/+/, '')));
        if (file.startsWith('../') || seen.has(file) || seen.size > defaults.gitlabIncludesMax) continue;
        seen.add(file);
        const already = result.get(file);
        const read = already?.extractor.kind === 'gitlab-ci' ? already : scanIncluded(file);
        if (read === undefined) continue;
        result.set(file, read);
        if (read.extractor.kind === 'gitlab-ci') queue.push(read);
      }
    }
  }
  return [...result.values()];
}
