import assert from 'node:assert/strict';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withDirectoryLock } from '../src/propagate/dir-lock.js';
import {
  checkoutClean,
  commitFiles,
  ensureRepository,
  fetchBranches,
  git,
  GitError,
  lsRemote,
  pushHead,
  sameChange,
} from '../src/git/index.js';
import { createBareRepo, scratch, type BareRepo } from './support/git.js';

const AUTHOR = { name: 'basepin', email: 'basepin@localhost' };

describe('git operations against a real bare repository', () => {
  let root: Awaited<ReturnType<typeof scratch>>;
  let remote: BareRepo;
  let work: string;

  before(async () => {
    root = await scratch('basepin-git-');
    remote = await createBareRepo(root.dir, 'remote', { 'a.txt': 'one\n' }, 'trunk');
    work = path.join(root.dir, 'work');
    await ensureRepository(work);
  });
  after(() => root?.remove());

  /** Fetches trunk, checks it out and commits a change to a.txt. */
  async function change(text: string, message = `set ${text}`): Promise<{ base: string; commit: string }> {
    const base = (await fetchBranches(work, remote.url, [['base', 'trunk']])).get('base')!;
    await checkoutClean(work, base);
    await writeFile(path.join(work, 'a.txt'), text);
    await writeFile(path.join(work, 'untracked.tmp'), 'left over');
    return { base, commit: await commitFiles(work, ['a.txt'], message, AUTHOR) };
  }

  test('the default branch and branch heads come from ls-remote', async () => {
    const heads = await lsRemote(remote.url, ['trunk', 'missing']);
    assert.equal(heads.defaultBranch, 'trunk');
    assert.deepEqual([...heads.heads], [['trunk', await remote.head('trunk')]]);
  });

  test('a push whose branch moved meanwhile is rejected (not a failure): fast-forward and lease alike', async () => {
    await change('two\n');
    await remote.push('trunk', { 'b.txt': 'someone else\n' }, 'meanwhile');
    assert.equal(await pushHead(work, remote.url, 'trunk'), 'rejected');

    const { base } = await change('three\n');
    assert.equal(await pushHead(work, remote.url, 'trunk'), 'pushed');
    assert.equal(await remote.read('trunk', 'a.txt'), 'three\n');
    assert.equal(await remote.read('trunk', 'untracked.tmp'), undefined);
    assert.equal((await remote.log('trunk'))[1]!.commit, base);

    assert.equal(await pushHead(work, remote.url, 'proposal', { lease: '' }), 'pushed', 'a lease on an absent branch');
    const proposal = await remote.head('proposal');
    await change('four\n');
    assert.equal(await pushHead(work, remote.url, 'proposal', { lease: '' }), 'rejected', 'it exists now');
    assert.equal(
      await pushHead(work, remote.url, 'proposal', { lease: proposal }),
      'pushed',
      'overwritten under a valid lease',
    );
  });

  test('the same change to the same base is recognized, even across a shallow fetch; a declined push throws', async () => {
    const first = await change('five\n');
    const again = await change('five\n', 'another message');
    assert.notEqual(first.commit, again.commit);
    assert.equal(await sameChange(work, first.commit, again.commit), true);
    assert.equal(await sameChange(work, first.commit, (await change('six\n')).commit), false);

    const hook = path.join(remote.url, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    await assert.rejects(pushHead(work, remote.url, 'trunk'), (error: unknown) => {
      assert.ok(error instanceof GitError);
      assert.match(error.message, /^git push failed \(exit 1\):/);
      assert.match(error.stdout, /\[remote rejected\]/);
      return true;
    });
  });

  const killsAll =
    'a timeout kills git with what it started (a hanging credential helper); a normal run reads input as before';
  test(killsAll, { timeout: 15_000 }, async () => {
    const input = 'protocol=https\nhost=example.invalid\n\n';
    const answering = '!f() { cat >/dev/null; echo username=robot; echo password=from-helper; }; f';
    const filled = await git(['-c', `credential.helper=${answering}`, 'credential', 'fill'], { input });
    assert.match(filled, /^username=robot\npassword=from-helper$/m);

    const pidFile = path.join(root.dir, 'helper.pid');
    const hanging = `!f() { echo $$ > '${pidFile}'; sleep 60; }; f`;
    const started = Date.now();
    await assert.rejects(
      git(['-c', `credential.helper=${hanging}`, 'credential', 'fill'], { input, timeoutMs: 1000 }),
      (error: unknown) => {
        assert.ok(error instanceof GitError);
        assert.equal(error.exitCode, null, 'killed');
        return true;
      },
    );
    assert.ok(Date.now() - started < 10_000, 'settled at the timeout, not when the helper would have ended');
    const helper = Number(await readFile(pidFile, 'utf8'));
    assert.equal(await alive(helper), false, `the credential helper (pid ${helper}) was killed with git`);
  });

  test('a work tree is used by one caller at a time; a live owner keeps others out, a dead one does not', async () => {
    const dir = path.join(root.dir, 'locked');
    const events: string[] = [];
    const user = (name: string, waitMs = 1000) =>
      withDirectoryLock(dir, waitMs, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push(`${name} out`);
      });
    await Promise.all([user('a'), user('b'), user('c')]);
    assert.deepEqual(events, ['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);

    await writeFile(`${dir}.lock`, String(process.ppid));
    await assert.rejects(user('d', 150), new RegExp(`the work tree is in use by process ${process.ppid}`));
    await writeFile(`${dir}.lock`, '999999999');
    await user('e');
    assert.deepEqual(events.slice(-2), ['e in', 'e out'], 'a lock whose owner is gone is taken over');

    // A lock left with this process's own pid (a restarted container's PID 1) is a leftover, not a live owner.
    await writeFile(`${dir}.lock`, String(process.pid));
    await user('f', 150);
    assert.deepEqual(events.slice(-2), ['f in', 'f out']);
    // Releasing never removes a lock another process took meanwhile.
    await withDirectoryLock(dir, 1000, async () => writeFile(`${dir}.lock`, String(process.ppid)));
    assert.equal((await readFile(`${dir}.lock`, 'utf8')).trim(), String(process.ppid));
    await rm(`${dir}.lock`);
  });
});

/** Whether `pid` is a running process; a killed one that its new parent has not reaped yet (a zombie) is not. */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) Z /.test(stat);
}
