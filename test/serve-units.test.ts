import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, mock, test } from 'node:test';
import { authenticated } from '../src/serve/auth.js';
import { Coalescer } from '../src/serve/coalescer.js';
import { dockerHubHook } from '../src/serve/dockerhub-events.js';
import { parseDuration, parseListen } from '../src/serve/duration.js';
import { harborHook } from '../src/serve/harbor-events.js';
import { hintImage, parseAliases, PayloadError } from '../src/serve/hint.js';
import { Metrics } from '../src/serve/metrics.js';
import { registryHook } from '../src/serve/registry-events.js';
import { dockerHubPush, harborPush, registryEvents } from './support/hook-payloads.js';

describe('webhook payloads become hints', () => {
  test('distribution notifications: only pushes with a tag, host from the target URL', () => {
    const parsed = registryHook(registryEvents);
    assert.deepEqual(parsed.hints, [
      {
        host: '127.0.0.1:46361',
        repository: 'platform/base',
        tag: '2',
        digest: 'sha256:22d8f88e3df8b3010f7af915b244b5b8fc2d753688f0e5395466404897380b58',
      },
      {
        host: '127.0.0.1:46361',
        repository: 'multi',
        tag: '1',
        digest: registryEvents.events.find(
          (event) => event.target.mediaType === 'application/vnd.oci.image.index.v1+json',
        )!.target.digest,
      },
    ]);
    assert.equal(parsed.ignored, 9, 'blob uploads, untagged child manifests and the pull are ignored');
    assert.deepEqual(registryHook({ events: [] }), { hints: [], ignored: 0 });
    assert.throws(() => registryHook({ event: [] }), PayloadError);
    assert.throws(() => registryHook([1]), PayloadError);
  });

  test('Docker Hub and Harbor pushes', () => {
    assert.deepEqual(dockerHubHook(dockerHubPush), {
      hints: [{ host: 'docker.io', repository: 'myorg/app', tag: '2' }],
      ignored: 0,
    });
    const official = { ...dockerHubPush, repository: { ...dockerHubPush.repository, repo_name: 'nginx' } };
    assert.equal(dockerHubHook(official).hints[0]!.repository, 'library/nginx');
    assert.throws(() => dockerHubHook({ repository: {} }), PayloadError);

    assert.deepEqual(harborHook(harborPush), {
      hints: [
        {
          host: 'harbor.example.com',
          repository: 'library/app',
          tag: 'v1',
          digest: harborPush.event_data.resources[0]!.digest,
        },
      ],
      ignored: 0,
    });
    assert.deepEqual(harborHook({ ...harborPush, type: 'PULL_ARTIFACT' }), { hints: [], ignored: 1 });
    assert.throws(() => harborHook({ type: 'PUSH_ARTIFACT' }), PayloadError);
  });

  test('a hint names the image as the files spell it, through the registry aliases', () => {
    const aliases = parseAliases(['127.0.0.1:46361=registry.test', 'harbor.example.com=registry.example.com']);
    assert.equal(
      hintImage({ host: '127.0.0.1:46361', repository: 'platform/base', tag: '2' }, aliases),
      'registry.test/platform/base:2',
    );
    assert.equal(
      hintImage({ host: '127.0.0.1:5000', repository: 'platform/base', tag: '2' }, aliases),
      '127.0.0.1:5000/platform/base:2',
    );
    assert.equal(
      hintImage({ host: 'docker.io', repository: 'library/nginx', tag: '1.27' }, aliases),
      'docker.io/library/nginx:1.27',
    );
    assert.equal(hintImage({ host: 'docker.io', repository: 'Bad', tag: '1' }, aliases), undefined);
    assert.throws(() => parseAliases(['no-equals']), /--registry-alias no-equals: must be HOST=NAME/);
  });
});

describe('webhook authentication', () => {
  const secret = 'hook-s3cret';
  const body = Buffer.from('{"events":[]}');
  const sign = (key: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

  test('Bearer header, token query parameter, or a valid body signature', () => {
    assert.equal(authenticated(secret, { authorization: `Bearer ${secret}`, body }), true);
    assert.equal(authenticated(secret, { authorization: `bearer  ${secret} `, body }), true);
    assert.equal(authenticated(secret, { queryToken: secret, body }), true);
    assert.equal(authenticated(secret, { signature: sign(secret), body }), true);

    assert.equal(authenticated(secret, { body }), false);
    assert.equal(authenticated(secret, { authorization: `Bearer ${secret}x`, body }), false);
    assert.equal(authenticated(secret, { authorization: secret, body }), false);
    assert.equal(authenticated(secret, { authorization: `Basic ${secret}`, body }), false);
    assert.equal(authenticated(secret, { queryToken: 'hook', body }), false);
    assert.equal(
      authenticated(secret, { signature: sign('other'), authorization: `Bearer ${secret}`, body }),
      false,
      'a bad signature fails',
    );
    assert.equal(
      authenticated(secret, { signature: sign(secret), body: Buffer.from('{"events":[1]}') }),
      false,
      'the body was changed',
    );
  });
});

describe('coalescing', () => {
  test('a burst of hints for one image makes one run; a hint during a run makes one more run after it', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    try {
      const runs: string[] = [];
      let finish: () => void = () => {};
      const queue = new Coalescer({
        debounceMs: 200,
        maxWaitMs: 1000,
        run: (key) => {
          runs.push(key);
          return new Promise<void>((resolve) => (finish = resolve));
        },
      });
      for (let push = 0; push < 5; push += 1) {
        queue.schedule('base:2');
        mock.timers.tick(150);
      }
      assert.deepEqual(runs, [], 'still within the burst');
      queue.schedule('other:1');
      mock.timers.tick(200);
      assert.deepEqual(runs, ['base:2'], 'one run for five pushes; other:1 waits its turn');
      queue.schedule('base:2');
      mock.timers.tick(200);
      finish();
      await flush();
      assert.deepEqual(runs, ['base:2', 'other:1']);
      finish();
      await flush();
      assert.deepEqual(runs, ['base:2', 'other:1', 'base:2']);
      finish();
      await flush();

      // A tag pushed every 150 ms is still propagated after maxWaitMs.
      for (let push = 0; push < 8; push += 1) {
        queue.schedule('busy:1');
        mock.timers.tick(150);
      }
      assert.deepEqual(runs.slice(3), ['busy:1']);
      finish();
      await flush();

      // Closing drops what waits and lets the run in progress finish.
      queue.schedule('dropped:1');
      queue.enqueue('running:1');
      queue.enqueue('due:1');
      let closed = false;
      const closing = queue.close().then(() => (closed = true));
      await flush();
      assert.equal(closed, false, 'waits for the run in progress');
      finish();
      await closing;
      mock.timers.tick(1000);
      await flush();
      assert.deepEqual(runs.slice(4), ['running:1']);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('coalescing a key that is already due', () => {
  test('pushed again while due (waiting for another run), or queued while its burst waits: one run', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    try {
      const runs: string[] = [];
      let finish: () => void = () => {};
      const queue = new Coalescer({
        debounceMs: 200,
        maxWaitMs: 1000,
        run: (key) => {
          runs.push(key);
          return new Promise<void>((resolve) => (finish = resolve));
        },
      });
      queue.enqueue('first:1');
      queue.schedule('base:2');
      mock.timers.tick(200);
      assert.equal(queue.pending, 2, 'first:1 runs, base:2 is due');
      queue.schedule('base:2');
      assert.equal(queue.pending, 2, 'the push while due adds nothing');
      for (let run = 0; run < 3; run += 1) {
        finish();
        await flush();
        mock.timers.tick(1000);
      }
      assert.deepEqual(runs, ['first:1', 'base:2']);

      queue.schedule('resynced:1');
      queue.enqueue('resynced:1');
      await flush();
      finish();
      await flush();
      mock.timers.tick(1000);
      await flush();
      assert.deepEqual(runs.slice(2), ['resynced:1']);
      assert.equal(queue.pending, 0);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('service odds and ends', () => {
  test('durations and listen addresses', () => {
    assert.equal(parseDuration('200ms'), 200);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('5'), undefined);
    assert.equal(parseDuration('soon'), undefined);
    assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(parseListen('0.0.0.0:9000'), { host: '0.0.0.0', port: 9000 });
    assert.equal(parseListen('8080'), undefined);
    assert.equal(parseListen('host:99999'), undefined);
  });

  test('metrics in the Prometheus text format', () => {
    const metrics = new Metrics();
    metrics.add(metrics.eventsReceived, 'registry', 11);
    metrics.add(metrics.eventsIgnored, 'registry', 9);
    metrics.add(metrics.requestsRejected, 'unauthorized');
    metrics.propagations = 2;
    metrics.lastSuccess = 1700000000;
    const text = metrics.render();
    assert.ok(
      text.includes(
        '# TYPE basepin_events_received_total counter\nbasepin_events_received_total{source="registry"} 11\n',
      ),
      text,
    );
    assert.ok(text.includes('basepin_events_ignored_total{source="registry"} 9\n'), text);
    assert.ok(text.includes('basepin_requests_rejected_total{reason="unauthorized"} 1\n'), text);
    assert.ok(text.includes('basepin_propagations_total 2\n'), text);
    assert.ok(
      text.includes(
        '# TYPE basepin_last_success_timestamp_seconds gauge\nbasepin_last_success_timestamp_seconds 1700000000\n',
      ),
      text,
    );
    assert.ok(text.endsWith('\n'));
  });
});

/** Lets settled promises run their callbacks. */
async function flush(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await Promise.resolve();
}
