import assert from 'node:assert/strict';
import test from 'node:test';
import { exitCode } from '../src/cli/commands/references.js';
import type { Entry, Status } from '../src/plan/types.js';
import type { Report } from '../src/run.js';

const entry = (status: Status, extra: Partial<Entry> = {}): Entry => ({
  file: 'Dockerfile',
  found: { kind: 'dockerfile', image: 'a', start: 5, end: 6, line: 1, column: 6 },
  status,
  current: null,
  ...extra,
});
const report = (...entries: Entry[]): Report => ({ entries, problems: [], changes: [] });
const policy = (strict: boolean, failOn: 'unpinned' | 'stale' | 'any' = 'any') => ({ strict, failOn });

test('check: 0 when all pinned, 1 for unpinned or stale, 2 for errors or file problems', () => {
  assert.equal(exitCode('check', report(entry('pinned')), policy(false)), 0);
  assert.equal(exitCode('check', report(entry('pinned'), entry('unpinned')), policy(false)), 1);
  assert.equal(exitCode('check', report(entry('stale')), policy(false)), 1);
  assert.equal(exitCode('check', report(entry('stale'), entry('error')), policy(false)), 2);
  assert.equal(
    exitCode(
      'check',
      { ...report(), problems: [{ file: 'x', line: 0, column: 0, message: 'unreadable' }] },
      policy(false),
    ),
    2,
  );
});

test('--strict fails on references basepin had to skip, never on ones the user chose to ignore', () => {
  const cannot = entry('skipped', { message: 'ARG V has no default' });
  const ignored = entry('skipped', { message: 'ignored', ignored: true });
  assert.equal(exitCode('check', report(cannot, ignored), policy(false)), 0);
  assert.equal(exitCode('check', report(cannot), policy(true)), 1);
  assert.equal(exitCode('check', report(ignored), policy(true)), 0);
});

test('pin and update exit 0 unless something failed', () => {
  assert.equal(exitCode('pin', report(entry('unpinned'), entry('stale')), policy(true)), 0);
  assert.equal(exitCode('update', report(entry('error')), policy(false)), 2);
});

test('check --fail-on: unpinned or stale alone, or either (the default); errors exit 2 whatever it says', () => {
  const both = report(entry('unpinned'), entry('stale'));
  assert.equal(exitCode('check', both, policy(false)), 1);
  assert.equal(exitCode('check', report(entry('stale')), policy(false, 'unpinned')), 0);
  assert.equal(exitCode('check', report(entry('unpinned')), policy(false, 'unpinned')), 1);
  assert.equal(exitCode('check', report(entry('unpinned')), policy(false, 'stale')), 0);
  assert.equal(exitCode('check', report(entry('stale')), policy(false, 'stale')), 1);
  assert.equal(exitCode('check', report(entry('stale'), entry('error')), policy(false, 'unpinned')), 2);
  assert.equal(
    exitCode('check', report(entry('skipped', { message: 'ARG V' })), policy(true, 'stale')),
    1,
    '--strict still counts skipped ones',
  );
});
