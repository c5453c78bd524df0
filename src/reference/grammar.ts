/**
 * The image reference grammar of distribution/reference (regexp.go), as small named pieces.
 *
 *   reference     := name [ ":" tag ] [ "@" digest ]
 *   name          := [domain-and-port "/"] remote-name
 *   domain-and-port := host [":" port-number]
 *   host          := domain-name | "[" ipv6 "]"
 *   remote-name   := path-component ["/" path-component]*
 *   path-component := alphanumeric [separator alphanumeric]*
 *
 * Every pattern is ASCII-only and has no flags, so it means the same to JavaScript as to Go.
 */

/** Lower-case letters and digits: the atoms of a path component. */
const alphanumeric = '[a-z0-9]+';

/** One period, one or two underscores, or any number of dashes. */
const separator = '(?:[._]|__|[-]+)';

/** One label of a domain name: letters (either case) and digits, with inner dashes. */
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';

/** A port number with its colon, e.g. `:5000`. */
const optionalPort = '(?::[0-9]+)?';

/** An IPv6 address in square brackets; zone identifiers and IPv4-mapped forms are excluded on purpose. */
const ipv6Address = '\\[(?:[a-fA-F0-9:]+)\\]';

/** Dot-separated domain name labels; also matches decimal IPv4 addresses. */
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;

const host = `(?:${domainName}|${ipv6Address})`;

const domainAndPort = `${host}${optionalPort}`;

/** A tag: a word character, then up to 127 word characters, periods or dashes. */
const tag = '[\\w][\\w.-]{0,127}';

/** The shape of a digest as the reference grammar sees it; the algorithm's own rules are checked later. */
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';

const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;

const remoteName = `${pathComponent}(?:/${pathComponent})*`;

/**
 * Matches a whole reference. Groups: 1 domain (when the first component can be one and more follow), 2 path,
 * 3 tag, 4 digest. Absent parts are `undefined`.
 */
export const anchoredReference = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})(?::(${tag}))?(?:@(${digest}))?$`);

/** Matches a whole repository name. Groups: 1 domain (when the first component can be one and more follow), 2 path. */
export const anchoredName = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);

/** A bare sha256 hex identifier (an image ID without its algorithm). */
export const anchoredIdentifier = /^[a-f0-9]{64}$/;

/** The longest repository path accepted, in characters (the domain is not counted). */
export const NAME_TOTAL_LENGTH_MAX = 255;

/**
 * The longest text the patterns above are run on. JavaScript's regular expressions backtrack, and on a text of a few
 * megabytes the repeated groups exhaust the stack, where Go's run in linear time. No reference a registry can serve
 * comes near it: a host name (253) and port, a 255-character path, a 128-character tag and a sha512 digest add up to
 * under 800 characters.
 */
export const REFERENCE_LENGTH_MAX = 1024;
