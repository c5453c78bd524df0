import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';

import { defaults } from '../src/defaults.js';
import {
  DOCKER_HUB_DOMAIN,
  InvalidReferenceError,
  type NormalizedReference,
  type Reference,
  type ReferenceErrorCode,
  familiarName,
  familiarString,
  formatReference,
  isDigest,
  parse,
  parseAny,
  parseDockerRef,
  parseNamed,
  parseNormalized,
  pinnedText,
  registryHost,
  repositoryName,
  withName,
  byDigest,
  byTag,
  lookupKey,
  nameOnly,
  tagOrDefault,
  withDefaultTag,
  withDigest,
  withoutDigest,
} from '../src/reference/index.js';
import { DOCKER_HUB_SERVER_URL } from '../src/reference/docker-hub.js';

// Vectors from distribution/reference's Go tests; see test/fixtures/conformance/reference/README.md.
const fixtureDir = new URL('../../test/fixtures/conformance/reference/', import.meta.url);

function fixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, fixtureDir), 'utf8')) as T;
}

interface ParseCase {
  input: string;
  error: ReferenceErrorCode | null;
  domain: string | null;
  path: string | null;
  name: string | null;
  tag: string | null;
  digest: string | null;
  note?: string;
}

interface NormalizeFixture {
  parseRepositoryInfo: {
    spellings: string[];
    familiarName: string;
    fullName: string;
    domain: string;
    path: string;
  }[];
  parseDockerRef: { name: string; input: string; expected: string }[];
  validateReferenceName: { valid: string[]; invalid: string[] };
  validateRemoteName: { valid: string[]; invalid: string[] };
  parseAnyReference: { input: string; expected: string; digestOnly: boolean }[];
  normalizedSplitHostname: { input: string; domain: string; path: string }[];
  parseReferenceWithTagAndDigest: {
    input: string;
    expectedString: string;
    tagged: boolean;
    digested: boolean;
    familiarString: string;
  }[];
}

interface NamedFixture {
  parseNamed: { input: string; error: ReferenceErrorCode | null; domain: string | null; path: string | null }[];
  withNameDomainAndPath: { input: string; domain: string | null; path: string }[];
  withNameFailure: { input: string; error: ReferenceErrorCode }[];
}

const parseCases = fixture<ParseCase[]>('parse.json');
const normalize = fixture<NormalizeFixture>('normalize.json');
const named = fixture<NamedFixture>('named.json');

/** A short test name for a vector; some inputs are hundreds of characters long. */
function label(input: string): string {
  const shown = input.length > 70 ? `${input.slice(0, 60)}... (${input.length} chars)` : input;
  return JSON.stringify(shown);
}

/** Asserts that `fn` throws an InvalidReferenceError with `code` (and, when given, `input`). */
function assertRejects(fn: () => unknown, code: ReferenceErrorCode, input?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InvalidReferenceError, `expected InvalidReferenceError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (input !== undefined) assert.equal(error.input, input);
    return true;
  });
}

const sha256 = (c: string) => `sha256:${c.repeat(64)}`;

describe('parse (Go TestReferenceParse)', () => {
  it('has every vector', () => assert.equal(parseCases.length, 48));

  for (const c of parseCases) {
    if (c.note !== undefined) {
      // Documented exception: Go's test binary registers only sha256, so it calls sha512 "unsupported".
      // Docker itself accepts sha512 (and sha384), and so do we.
      it(`${label(c.input)} is accepted (Go test expects ${c.error}; ${c.note})`, () => {
        const ref = parse(c.input);
        assert.equal(formatReference(ref), c.input);
        assert.equal(ref.digest, c.input.slice(c.input.indexOf('@') + 1));
      });
    } else if (c.error !== null) {
      const code = c.error;
      it(`${label(c.input)} fails with ${code}`, () => assertRejects(() => parse(c.input), code, c.input));
    } else {
      it(`${label(c.input)} parses`, () => {
        const ref = parse(c.input);
        assert.equal(formatReference(ref), c.input);
        assert.equal(repositoryName(ref), c.name);
        assert.deepEqual(ref, { domain: c.domain, path: c.path, tag: c.tag, digest: c.digest });
      });
    }
  }
});

describe('parseNormalized (Go TestParseRepositoryInfo)', () => {
  for (const c of normalize.parseRepositoryInfo) {
    for (const spelling of c.spellings) {
      it(`${label(spelling)} is ${c.fullName}`, () => {
        const ref = parseNormalized(spelling);
        assert.equal(familiarName(ref), c.familiarName);
        assert.equal(formatReference(ref), c.fullName);
        assert.equal(ref.domain, c.domain);
        assert.equal(ref.path, c.path);
      });
    }
  }
});

describe('parseDockerRef (Go TestParseDockerRef)', () => {
  for (const c of normalize.parseDockerRef) {
    it(`${c.name}: ${label(c.input)}`, () => {
      assert.equal(formatReference(parseDockerRef(c.input)), c.expected);
      assert.equal(formatReference(parse(c.expected)), c.expected);
    });
  }
});

describe('parseNormalized accepts and rejects names (Go TestValidateReferenceName, TestValidateRemoteName)', () => {
  for (const table of [normalize.validateReferenceName, normalize.validateRemoteName]) {
    for (const input of table.valid) {
      it(`accepts ${label(input)}`, () => assert.doesNotThrow(() => parseNormalized(input)));
    }
    for (const input of table.invalid) {
      it(`rejects ${label(input)}`, () => assert.throws(() => parseNormalized(input), InvalidReferenceError));
    }
  }
});

describe('parseAny (Go TestParseAnyReference)', () => {
  for (const c of normalize.parseAnyReference) {
    it(`${label(c.input)} is ${c.digestOnly ? 'a digest' : 'a name'}`, () => {
      const ref = parseAny(c.input);
      if (c.digestOnly) {
        assert.deepEqual(ref, { digest: c.expected });
      } else {
        assert.ok('path' in ref, 'expected a named reference');
        assert.equal(formatReference(ref), c.expected);
        assert.deepEqual(ref, parse(c.expected));
      }
    });
  }
});

describe('parseNormalized domain and path (Go TestNormalizedSplitHostname)', () => {
  for (const c of normalize.normalizedSplitHostname) {
    it(label(c.input), () => {
      const ref = parseNormalized(c.input);
      assert.equal(ref.domain, c.domain);
      assert.equal(ref.path, c.path);
    });
  }
});

describe('parseNormalized with tag and digest (Go TestParseReferenceWithTagAndDigest)', () => {
  for (const c of normalize.parseReferenceWithTagAndDigest) {
    it(label(c.input), () => {
      const ref = parseNormalized(c.input);
      assert.equal(formatReference(ref), c.expectedString);
      assert.equal(ref.tag !== null, c.tagged);
      assert.equal(ref.digest !== null, c.digested);
      assert.equal(familiarString(ref), c.familiarString);
    });
  }
});

describe('parseNamed (Go TestParseNamed)', () => {
  for (const c of named.parseNamed) {
    const code = c.error;
    if (code !== null) {
      it(`${label(c.input)} fails with ${code}`, () => assertRejects(() => parseNamed(c.input), code, c.input));
    } else {
      it(`${label(c.input)} is canonical`, () => {
        const ref = parseNamed(c.input);
        assert.equal(ref.domain, c.domain);
        assert.equal(ref.path, c.path);
      });
    }
  }
});

describe('withName (Go TestDomainAndPath, TestWithNameFailure)', () => {
  for (const c of named.withNameDomainAndPath) {
    it(`${label(c.input)} splits`, () => {
      assert.deepEqual(withName(c.input), { domain: c.domain, path: c.path, tag: null, digest: null });
    });
  }
  for (const c of named.withNameFailure) {
    it(`${label(c.input)} fails with ${c.error}`, () => assertRejects(() => withName(c.input), c.error, c.input));
  }
});

describe('digests beyond the Go vectors', () => {
  const cases: [string, boolean][] = [
    [sha256('a'), true],
    [`sha384:${'0'.repeat(96)}`, true],
    [`sha512:${'f'.repeat(128)}`, true],
    [sha256('A'), false], // upper-case hex
    [`sha256:${'a'.repeat(63)}`, false],
    [`sha256:${'a'.repeat(65)}`, false],
    [`sha512:${'a'.repeat(64)}`, false], // a sha256 length under another algorithm
    [`md5:${'a'.repeat(32)}`, false],
    [`sha1:${'a'.repeat(40)}`, false],
    [`SHA256:${'a'.repeat(64)}`, false],
    ['a'.repeat(64), false], // a bare identifier is not a digest
    [`sha256:${'g'.repeat(64)}`, false],
    ['sha256:', false],
    ['', false],
    [` ${sha256('a')}`, false],
  ];
  for (const [input, expected] of cases) {
    it(`isDigest(${label(input)}) is ${expected}`, () => assert.equal(isDigest(input), expected));
  }

  it('a reference with sha384 parses', () => {
    const digest = `sha384:${'0'.repeat(96)}`;
    assert.equal(parse(`example.com/app@${digest}`).digest, digest);
  });
  it('a reference whose digest has upper-case hex fails with digest-invalid-format', () => {
    assertRejects(() => parse(`repo@${sha256('F')}`), 'digest-invalid-format');
  });
  it('a reference whose digest is too long fails with digest-invalid-length', () => {
    assertRejects(() => parse(`repo@sha256:${'a'.repeat(65)}`), 'digest-invalid-length');
  });
  it('parseAny reads sha512 as a digest', () => {
    const digest = `sha512:${'e'.repeat(128)}`;
    assert.deepEqual(parseAny(digest), { digest });
  });
});

describe('pinnedText', () => {
  const d = sha256('1');
  const old = sha256('0');
  const cases: [string, string][] = [
    ['nginx', `nginx:latest@${d}`],
    ['nginx:1.25', `nginx:1.25@${d}`],
    [`nginx:1.25@${old}`, `nginx:1.25@${d}`],
    [`nginx@${old}`, `nginx@${d}`],
    ['library/nginx', `library/nginx:latest@${d}`],
    ['docker.io/nginx', `docker.io/nginx:latest@${d}`],
    ['index.docker.io/library/nginx:1', `index.docker.io/library/nginx:1@${d}`],
    [`reg:5000/a/b:t@${old}`, `reg:5000/a/b:t@${d}`],
    ['localhost:5000/x', `localhost:5000/x:latest@${d}`],
    ['[::1]:5000/x:v1', `[::1]:5000/x:v1@${d}`],
    ['ghcr.io/o/app:Stable', `ghcr.io/o/app:Stable@${d}`],
  ];
  for (const [written, expected] of cases) {
    it(`${label(written)} -> ${label(expected)}`, () => assert.equal(pinnedText(written, d), expected));
  }

  it('keeps a sha512 digest', () => {
    const digest = `sha512:${'c'.repeat(128)}`;
    assert.equal(pinnedText('alpine:3', digest), `alpine:3@${digest}`);
  });
  it('rejects an invalid reference', () => {
    assertRejects(() => pinnedText('Nginx:1', d), 'name-contains-uppercase', 'Nginx:1');
    assertRejects(() => pinnedText('nginx:-bad', d), 'invalid-format', 'nginx:-bad');
    assertRejects(() => pinnedText('a'.repeat(64), d), 'invalid-format');
  });
  it('rejects a digest argument that is not a supported digest', () => {
    assertRejects(() => pinnedText('nginx', sha256('A')), 'digest-invalid-format', sha256('A'));
    assertRejects(() => pinnedText('nginx', 'sha256:abc'), 'digest-invalid-length');
    assertRejects(() => pinnedText('nginx', `md5:${'a'.repeat(32)}`), 'digest-unsupported');
    assertRejects(() => pinnedText('nginx', 'latest'), 'digest-invalid-format');
  });
});

describe('normalization details', () => {
  it('familiar forms of Docker Hub references', () => {
    const cases: [string, string, string][] = [
      ['docker.io/library/ubuntu:22.04', 'ubuntu', 'ubuntu:22.04'],
      ['index.docker.io/ubuntu', 'ubuntu', 'ubuntu'],
      ['docker.io/library/a/b', 'library/a/b', 'library/a/b'],
      ['docker.io/bitnami/redis:7', 'bitnami/redis', 'bitnami/redis:7'],
      [`ghcr.io/o/app:1@${sha256('b')}`, 'ghcr.io/o/app', `ghcr.io/o/app:1@${sha256('b')}`],
    ];
    for (const [input, name, text] of cases) {
      const ref = parseNormalized(input);
      assert.equal(familiarName(ref), name, input);
      assert.equal(familiarString(ref), text, input);
    }
  });
  it('keeps the IPv6 domain in brackets', () => {
    assert.deepEqual(parseNormalized('[::1]:5000/foo'), {
      domain: '[::1]:5000',
      path: 'foo',
      tag: null,
      digest: null,
    } satisfies NormalizedReference);
  });
  it('parseDockerRef is idempotent on its own output', () => {
    for (const input of ['busybox', 'gcr.io/a/b:1', `x.io/y:z@${sha256('d')}`]) {
      const once = formatReference(parseDockerRef(input));
      assert.equal(formatReference(parseDockerRef(once)), once);
    }
  });
  it('rejects a domain-like first component that the grammar cannot read as a domain', () => {
    // Go returns a reference with an empty domain for this; no registry can serve it, so we reject it.
    assertRejects(() => parseNormalized('foo_bar.com/x'), 'invalid-format', 'foo_bar.com/x');
  });
  it('reports errors against the text as written, not the expanded text', () => {
    assertRejects(() => parseNormalized('nginx:-x'), 'invalid-format', 'nginx:-x');
    assertRejects(() => parseNormalized('a'.repeat(250)), 'name-too-long', 'a'.repeat(250));
  });
});

describe('errors', () => {
  it('carry Docker messages', () => {
    const messages: [() => unknown, string][] = [
      [() => parse('Uppercase:tag'), 'invalid reference format: repository name must be lowercase'],
      [() => parse(':justtag'), 'invalid reference format'],
      [() => parse(''), 'invalid reference format: repository name must have at least one component'],
      [() => parseNamed('foo'), 'invalid reference format: repository name must be canonical'],
      [() => parse(`repo@sha256:${'f'.repeat(34)}`), 'invalid reference format: invalid checksum digest length'],
      [
        () => parseNormalized('docker/Docker'),
        'invalid reference format: repository name (docker/Docker) must be lowercase',
      ],
    ];
    for (const [fn, message] of messages) {
      assert.throws(fn, (error: unknown) => error instanceof InvalidReferenceError && error.message === message);
    }
  });
  it('are Errors named InvalidReferenceError', () => {
    const error = new InvalidReferenceError('tag-invalid', 'x:');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'InvalidReferenceError');
    assert.equal(error.message, 'invalid reference format: invalid tag format');
  });
});

describe('Docker Hub', () => {
  it('uses the defaults', () => {
    assert.equal(DOCKER_HUB_DOMAIN, defaults.dockerHubDomain);
    assert.equal(registryHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryHost('ghcr.io'), 'ghcr.io');
    assert.equal(registryHost('localhost:5000'), 'localhost:5000');
    assert.equal(DOCKER_HUB_SERVER_URL, 'https://index.docker.io/v1/');
  });

  it('is named only in the defaults and src/reference/docker-hub.ts: all other code imports the names', () => {
    const sourceDir = new URL('../../src/', import.meta.url);
    const named = ['defaults.ts', 'reference/docker-hub.ts'];
    const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 50, 'the sources were found');
    for (const file of files.filter((one) => !named.includes(one))) {
      const code = readFileSync(new URL(file, sourceDir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      assert.doesNotMatch(code, /docker\.io/, `${file} spells a Docker Hub name itself`);
    }
  });
});

describe('formatting', () => {
  it('writes each part only when present', () => {
    const ref: Reference = { domain: null, path: 'a/b', tag: null, digest: sha256('c') };
    assert.equal(repositoryName(ref), 'a/b');
    assert.equal(formatReference(ref), `a/b@${sha256('c')}`);
    assert.equal(formatReference({ ...ref, domain: 'r.io', tag: 't' }), `r.io/a/b:t@${sha256('c')}`);
  });
});

describe('named operations', () => {
  const d = sha256('d');
  const e = sha256('e');
  // Written form -> [tagOrDefault, withDigest(e), byDigest(e), withoutDigest, byTag, nameOnly, withDefaultTag, lookupKey].
  const table: [string, string, string, string, string, string, string, string, string][] = [
    [
      'nginx',
      'latest',
      `nginx@${e}`,
      `nginx@${e}`,
      'nginx',
      'nginx:latest',
      'nginx',
      'nginx:latest',
      'docker.io/library/nginx:latest',
    ],
    [
      'nginx:1.25',
      '1.25',
      `nginx:1.25@${e}`,
      `nginx@${e}`,
      'nginx:1.25',
      'nginx:1.25',
      'nginx',
      'nginx:1.25',
      'docker.io/library/nginx:1.25',
    ],
    [
      `nginx@${d}`,
      'latest',
      `nginx@${e}`,
      `nginx@${e}`,
      'nginx',
      'nginx:latest',
      'nginx',
      `nginx@${d}`,
      'docker.io/library/nginx:latest',
    ],
    [
      `reg:5000/a/b:t@${d}`,
      't',
      `reg:5000/a/b:t@${e}`,
      `reg:5000/a/b@${e}`,
      'reg:5000/a/b:t',
      'reg:5000/a/b:t',
      'reg:5000/a/b',
      `reg:5000/a/b:t@${d}`,
      'reg:5000/a/b:t',
    ],
  ];
  for (const [written, tag, set, by, without, tagged, name, docker, key] of table) {
    it(written, () => {
      const ref = parseNormalized(written);
      const before = { ...ref };
      assert.equal(tagOrDefault(ref), tag);
      assert.equal(familiarString(withDigest(ref, e)), set);
      assert.equal(familiarString(byDigest(ref, e)), by);
      assert.equal(familiarString(withoutDigest(ref)), without);
      assert.equal(familiarString(byTag(ref)), tagged);
      assert.equal(familiarString(nameOnly(ref)), name);
      assert.equal(familiarString(withDefaultTag(ref)), docker);
      assert.equal(lookupKey(ref), key);
      assert.deepEqual(ref, before, 'the operations return new references');
    });
  }

  it('keep a reference without a domain without one', () => {
    const ref = parse('a/b:t');
    assert.equal(formatReference(byDigest(ref, d)), `a/b@${d}`);
    assert.equal(lookupKey(withoutDigest(ref)), 'a/b:t');
  });
});

describe('purity of src/reference', () => {
  it('imports nothing but its own files and the defaults', () => {
    const sourceDir = new URL('../../src/reference/', import.meta.url);
    const files = readdirSync(sourceDir).filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const text = readFileSync(new URL(file, sourceDir), 'utf8');
      for (const [, specifier] of text.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        assert.ok(/^\.\/[\w-]+\.js$|^\.\.\/defaults\.js$/.test(specifier), `${file} imports ${specifier}`);
      }
    }
  });
});
