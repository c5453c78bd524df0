/**
 * The JSON Schema of `basepin-dependents.yaml` (draft-07); `description` texts double as error messages. The package
 * ships it as `schemas/basepin-dependents.schema.json` (test/schemas.test.ts keeps that file equal to this).
 */
export const dependentsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://raw.githubusercontent.com/basepin/basepin/main/schemas/basepin-dependents.schema.json',
  title: 'basepin dependents (basepin-dependents.yaml)',
  type: 'object',
  required: ['dependents'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema of this file, for editors; basepin ignores it.' },
    dependents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['repo'],
        additionalProperties: false,
        properties: {
          repo: {
            type: 'string',
            pattern: '^[^-\\s]\\S*$',
            description: 'must be a git URL or path (no spaces, not starting with -)',
          },
          branch: {
            type: 'string',
            pattern: '^(?!-)(?!.*\\.\\.)[^\\s~^:?*\\[\\\\]+$',
            description: 'must be a branch name',
          },
          paths: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'string',
              pattern: '^(?!/)(?!(.*/)?\\.\\.(/|$)).+$',
              description: 'must be a path inside the repository (relative, without ..)',
            },
          },
          mode: { enum: ['pull-request', 'push'] },
          publishes: { type: 'array', items: { type: 'string', minLength: 1 } },
          forge: {
            type: 'object',
            required: ['type'],
            additionalProperties: false,
            properties: {
              type: { enum: ['github', 'gitlab'] },
              api: {
                type: 'string',
                pattern: '^https?://[^\\s@]+$',
                description: 'must be an http(s) URL without credentials',
              },
              project: { type: 'string', minLength: 1 },
              tokenEnv: {
                type: 'string',
                pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
                description: 'must be an environment variable name',
              },
            },
          },
        },
      },
    },
  },
} as const;
