import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuthor } from '../src/git/author.js';
import { redact } from '../src/git/redact.js';
import { parseLsRemote } from '../src/git/remote.js';
import { commitMessage, pullRequestBody, title } from '../src/propagate/message.js';
import type { Dependent } from '../src/dependents/types.js';
import type { Surveyed } from '../src/propagate/survey.js';
import { imageTarget, proposalBranch, PropagationError } from '../src/propagate/target.js';
import { dependentsToVisit, usageOf } from '../src/propagate/usage.js';

const OLD = `sha256:${'1'.repeat(64)}`;
const OLDER = `sha256:${'2'.repeat(64)}`;
const NEW = `sha256:${'abcdef012345'}${'9'.repeat(52)}`;

describe('propagation texts and names', () => {
  test('the image target is normalized and its proposal branch is a valid git branch', () => {
    assert.deepEqual(imageTarget('registry.internal/platform/base:2'), {
      ref: { domain: 'registry.internal', path: 'platform/base', tag: '2', digest: null },
      image: 'registry.internal/platform/base:2',
      branch: 'basepin/platform/base-2',
    });
    assert.equal(imageTarget('nginx').image, 'docker.io/library/nginx:latest');
    assert.equal(imageTarget('localhost:5000/app:1.0').branch, 'basepin/app-1.0');
    assert.throws(() => imageTarget(`app:1@${NEW}`), PropagationError);
    assert.throws(() => imageTarget('Bad:Name'), /must be lowercase/);

    assert.equal(proposalBranch('a/b', 'v1..2'), 'basepin/a/b-v1.2');
    assert.equal(proposalBranch('a', 'x.lock'), 'basepin/a-x-lock');
    assert.equal(proposalBranch('a', 'v1.'), 'basepin/a-v1');
  });

  test('the commit message says which references moved from which digest to which', () => {
    const moves = [
      { file: 'Dockerfile', line: 1, from: OLD, to: NEW },
      { file: 'deploy/compose.yaml', line: 7, from: OLDER, to: NEW },
    ];
    assert.equal(
      title('registry.internal/platform/base:2', NEW),
      'Update registry.internal/platform/base:2 to sha256:abcdef012345',
    );
    assert.equal(
      commitMessage('registry.internal/platform/base:2', NEW, moves),
      [
        'Update registry.internal/platform/base:2 to sha256:abcdef012345',
        '',
        'The tag registry.internal/platform/base:2 now points at',
        NEW,
        '',
        'Moved by basepin:',
        `- Dockerfile:1 from ${OLD}`,
        `- deploy/compose.yaml:7 from ${OLDER}`,
        '',
      ].join('\n'),
    );
  });

  test('the pull request body lists the files and digests, and what changed in the image when known', () => {
    const moves = [{ file: 'Dockerfile', line: 3, from: OLD, to: NEW }];
    const plain = pullRequestBody('r/base:2', NEW, moves, new Map());
    assert.ok(
      plain.startsWith(`The tag \`r/base:2\` now points at \`${NEW}\`; basepin moved the pins that used it.\n`),
      plain,
    );
    assert.ok(plain.includes(`| \`Dockerfile\` | 3 | \`${OLD}\` | \`${NEW}\` |\n`), plain);
    assert.ok(!plain.includes('What changed'), plain);

    const described = pullRequestBody('r/base:2', NEW, moves, new Map([[OLD, 'openssl 3.0.13 -> 3.0.14\n']]));
    assert.ok(described.includes('### What changed in the image\n\nopenssl 3.0.13 -> 3.0.14\n'), described);
    const two = pullRequestBody(
      'r/base:2',
      NEW,
      moves,
      new Map([
        [OLD, 'a'],
        [OLDER, 'b'],
      ]),
    );
    assert.ok(two.includes('From `sha256:111111111111`:\n\na\n\nFrom `sha256:222222222222`:\n\nb\n'), two);
  });
});

describe('git helpers', () => {
  test('credentials in URLs are redacted wherever they appear', () => {
    assert.equal(redact('https://user:tok3n@github.com/o/r.git'), 'https://***@github.com/o/r.git');
    assert.equal(
      redact("fatal: unable to access 'https://x-access-token:ghp_abc@ghe.example/o/r/': 403"),
      "fatal: unable to access 'https://***@ghe.example/o/r/': 403",
    );
    assert.equal(redact('git@github.com:o/r.git and /srv/r.git'), 'git@github.com:o/r.git and /srv/r.git');
    assert.equal(
      redact('https://bot:p@ss@github.com/o/r.git'),
      'https://***@github.com/o/r.git',
      'a password holding an @',
    );
  });

  test('ls-remote output gives the default branch and exact branch matches only', () => {
    const output = [
      'ref: refs/heads/trunk\tHEAD',
      'aaaa\tHEAD',
      'bbbb\trefs/heads/basepin/app-1',
      'cccc\trefs/heads/other/basepin/app-1',
      'dddd\trefs/heads/trunk',
      '',
    ].join('\n');
    const parsed = parseLsRemote(output, ['basepin/app-1', 'missing']);
    assert.equal(parsed.defaultBranch, 'trunk');
    assert.deepEqual([...parsed.heads], [['basepin/app-1', 'bbbb']]);
  });

  test('the git author is "Name <email>"', () => {
    assert.deepEqual(parseAuthor('Release Bot <bot@example.com>'), { name: 'Release Bot', email: 'bot@example.com' });
    assert.equal(parseAuthor('bot@example.com'), undefined);
    assert.equal(parseAuthor('<bot@example.com>'), undefined);
  });
});

describe('who uses which image, from a survey', () => {
  const dependent = (name: string): Dependent => ({
    repo: `/srv/${name}.git`,
    paths: ['.'],
    mode: 'push',
    publishes: [],
  });
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(dependent) as [Dependent, Dependent, Dependent, Dependent];
  const uses = (one: Dependent, ...images: string[]): Surveyed => ({
    dependent: one,
    repo: one.repo,
    references: images.map((image, line) => ({
      file: 'Dockerfile',
      line,
      image,
      tag: image.split(':').at(-1)!,
      digest: OLD,
    })),
  });
  const surveyed = [
    uses(a, 'docker.io/library/nginx:latest', 'registry.test/base:2', 'registry.test/base:2'),
    uses(b, 'registry.test/base:2'),
    { ...uses(c), error: 'Dockerfile: not UTF-8 text' },
    uses(d, 'registry.test/other:1'),
  ];
  const usage = usageOf(surveyed, 1_000);
  const fresh = { now: 1_000 + 60_000, maxAgeMs: 60_000 };

  test('a propagation visits the dependents that use its image, in order, and those the survey could not read', () => {
    assert.deepEqual(dependentsToVisit(imageTarget('registry.test/base:2'), [d, c, b, a], usage, fresh), [c, b, a]);
    assert.deepEqual(
      dependentsToVisit(imageTarget('nginx'), [a, b, c, d], usage, fresh),
      [a, c],
      'the image is normalized',
    );
    assert.deepEqual(dependentsToVisit(imageTarget('registry.test/base:3'), [a, b, c, d], usage, fresh), [c]);
    assert.deepEqual(
      dependentsToVisit(
        imageTarget('registry.test/base:3'),
        [a, b, d],
        usageOf([uses(a), uses(b), uses(d)], 1_000),
        fresh,
      ),
      [],
    );
  });

  test('without a survey, or with one older than allowed, every dependent is visited', () => {
    assert.deepEqual(dependentsToVisit(imageTarget('registry.test/base:3'), [a, b, c, d], undefined, fresh), [
      a,
      b,
      c,
      d,
    ]);
    assert.deepEqual(
      dependentsToVisit(imageTarget('registry.test/base:3'), [a, b, c, d], usage, { ...fresh, now: fresh.now + 1 }),
      [a, b, c, d],
    );
  });
});
