import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Found } from '../src/extract/types.js';
import { digestToWrite, needsLookup } from '../src/plan/decide.js';
import { failingStatuses, POLICY, type Command } from '../src/plan/policy.js';
import type { Entry, Status } from '../src/plan/types.js';
import { parseNormalized } from '../src/reference/index.js';

const found: Found = { kind: 'dockerfile', image: 'alpine:3', start: 5, end: 13, line: 1, column: 6 };
const DIGEST = `sha256:${'a'.repeat(64)}`;
const COMMANDS: Command[] = ['ls', 'check', 'pin', 'update'];

function entry(status: Status, image: string, current: string | null = null): Entry {
  return { file: 'Dockerfile', found, ref: parseNormalized(image), status, current };
}

describe('the per-command policy (plan/policy.ts)', () => {
  it('what each command looks up: check both, pin the unpinned, update the pinned, ls nothing; never a digest-only pin', () => {
    const asked = (command: Command) =>
      [entry('unpinned', 'alpine:3'), entry('pinned', `alpine:3@${DIGEST}`), entry('pinned', `alpine@${DIGEST}`)].map(
        (one) => needsLookup(command, one),
      );
    assert.deepEqual(COMMANDS.map(asked), [
      [false, false, false],
      [true, true, false],
      [true, false, false],
      [false, true, false],
    ]);
    for (const command of COMMANDS)
      assert.equal(needsLookup(command, { ...entry('error', 'alpine:3'), ref: undefined }), false);
  });

  it('what each command writes: pin the unpinned, update the stale, only with a digest looked up', () => {
    const written = (command: Command) =>
      [
        entry('unpinned', 'alpine:3', DIGEST),
        entry('stale', `alpine:3@${`sha256:${'b'.repeat(64)}`}`, DIGEST),
        entry('unpinned', 'alpine:3'),
      ].map((one) => digestToWrite(command, one) ?? null);
    assert.deepEqual(COMMANDS.map(written), [
      [null, null, null],
      [null, null, null],
      [DIGEST, null, null],
      [null, DIGEST, null],
    ]);
  });

  it('what fails: check on unpinned and stale, narrowed by --fail-on, widened by --strict; the others never exit 1', () => {
    const fails = (command: Command, failOn: 'unpinned' | 'stale' | 'any', strict: boolean) => [
      ...failingStatuses(command, { failOn, strict }),
    ];
    assert.deepEqual(fails('check', 'any', false), ['unpinned', 'stale']);
    assert.deepEqual(fails('check', 'unpinned', false), ['unpinned']);
    assert.deepEqual(fails('check', 'stale', true), ['stale', 'skipped']);
    for (const command of ['ls', 'pin', 'update'] as const) assert.deepEqual(fails(command, 'any', true), []);
    assert.deepEqual(POLICY.check.write, []);
  });
});
