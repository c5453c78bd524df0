/** Hex length of each supported digest algorithm. Docker supports all three; sha256 is the one registries use. */
const hexLength = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/** go-digest's general digest shape, used to tell an unknown algorithm from a malformed digest. */
const anyDigest = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const lowerHex = /^[a-f0-9]+$/;

export type DigestProblem = 'digest-invalid-format' | 'digest-unsupported' | 'digest-invalid-length';

/** Whether `s` is a supported, well-formed digest: `sha256:` + 64, `sha384:` + 96 or `sha512:` + 128 lowercase hex. */
export function isDigest(s: string): boolean {
  return digestProblem(s) === null;
}

/** What is wrong with digest `s`, checked in the order of go-digest's `Digest.Validate`; null when it is valid. */
export function digestProblem(s: string): DigestProblem | null {
  const colon = s.indexOf(':');
  if (colon <= 0 || colon === s.length - 1) return 'digest-invalid-format';
  const algorithm = s.slice(0, colon);
  const encoded = s.slice(colon + 1);
  const length = hexLength.get(algorithm);
  if (length === undefined) return anyDigest.test(s) ? 'digest-unsupported' : 'digest-invalid-format';
  if (encoded.length !== length) return 'digest-invalid-length';
  return lowerHex.test(encoded) ? null : 'digest-invalid-format';
}
