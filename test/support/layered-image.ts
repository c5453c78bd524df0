/**
 * Test images with several steps, like a real build: each step has a `created_by` history entry, and the steps with
 * files make a gzip layer, the others are `empty_layer` steps. Steps shared between two images give identical layers,
 * so a diff sees them as shared. Push them with `pushBuilt` from push.ts.
 */

import { AMD64, buildManifest, type BuiltManifest, type Format, type Platform } from './image.js';
import { tarFiles } from './tar.js';

export interface Step {
  createdBy: string;
  created?: string;
  comment?: string;
  /** The files this step adds (path -> content); a step without files makes no layer. */
  files?: Record<string, string>;
}

export interface LayeredImage {
  format?: Format;
  platform?: Platform;
  created: string;
  labels?: Record<string, string>;
  steps: Step[];
}

/** A single-platform image: a config whose history has every step, and a layer for each step with files. */
export function buildLayeredImage(image: LayeredImage): BuiltManifest {
  const tars = image.steps.filter((step) => step.files !== undefined).map((step) => tarFiles(step.files!));
  return buildManifest(image.format ?? 'docker', image.platform ?? AMD64, tars, {
    created: image.created,
    config: { Cmd: ['/bin/sh'], Labels: image.labels ?? {} },
    history: image.steps.map((step) => ({
      created: step.created ?? image.created,
      created_by: step.createdBy,
      ...(step.comment === undefined ? {} : { comment: step.comment }),
      ...(step.files === undefined ? { empty_layer: true } : {}),
    })),
  });
}
