/** Why a text is not a valid image reference; one code per sentinel error of distribution/reference and go-digest. */
export type ReferenceErrorCode =
  | 'invalid-format'
  | 'name-contains-uppercase'
  | 'name-too-long'
  | 'name-empty'
  | 'name-not-canonical'
  | 'tag-invalid'
  | 'digest-invalid-length'
  | 'digest-unsupported'
  | 'digest-invalid-format';

const INVALID_FORMAT = 'invalid reference format';

/** The message of each Go sentinel error. */
const details: Record<ReferenceErrorCode, string> = {
  'invalid-format': INVALID_FORMAT,
  'name-contains-uppercase': 'repository name must be lowercase',
  'name-too-long': 'repository name must not be more than 255 characters',
  'name-empty': 'repository name must have at least one component',
  'name-not-canonical': 'repository name must be canonical',
  'tag-invalid': 'invalid tag format',
  'digest-invalid-length': 'invalid checksum digest length',
  'digest-unsupported': 'unsupported digest algorithm',
  'digest-invalid-format': 'invalid checksum digest format',
};

/** The message of the Go sentinel error for `code`, e.g. `repository name must be lowercase`. */
export function errorDetail(code: ReferenceErrorCode): string {
  return details[code];
}

/** The message Docker prints for `code`, e.g. `invalid reference format: repository name must be lowercase`. */
function defaultMessage(code: ReferenceErrorCode): string {
  return code === 'invalid-format' ? INVALID_FORMAT : `${INVALID_FORMAT}: ${details[code]}`;
}

/** A text that is not a valid image reference. `input` is the text exactly as it was given. */
export class InvalidReferenceError extends Error {
  constructor(
    readonly code: ReferenceErrorCode,
    readonly input: string,
    message: string = defaultMessage(code),
  ) {
    super(message);
    this.name = 'InvalidReferenceError';
  }
}
