/**
 * A stand-in for the few GitHub and GitLab API endpoints basepin uses (no forge runs here): list, create and update
 * pull requests (`/api/v3/repos/OWNER/NAME/pulls`, GitHub Enterprise style) and merge requests
 * (`/api/v4/projects/ID/merge_requests`); GitHub's repository dispatches (`POST /api/v3/repos/OWNER/NAME/dispatches`,
 * answered 204); and, with `app`, a GitHub App's installation (`GET /api/v3/repos/OWNER/NAME/installation`) and its
 * access tokens (`POST /api/v3/app/installations/ID/access_tokens`), which take the app's JWT (any `Bearer` JWT: the
 * test checks its signature) and hand out `app.token`, then accepted like `token`. It records every request exactly
 * as received, keeps pull requests in memory, and requires `Authorization: Bearer <token>`. It speaks plain HTTP, or
 * HTTPS with a certificate given.
 */

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface StubPull {
  forge: 'github' | 'gitlab';
  project: string;
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

export interface ForgeStub {
  /** `http://127.0.0.1:PORT` (`https://` with `tls`); the GitHub API is at `/api/v3`, the GitLab API at `/api/v4`. */
  url: string;
  requests: RecordedRequest[];
  pulls: StubPull[];
  /**
   * The next request (with `method`: the next one with that method) is answered with this status, body and headers
   * instead; failures queue up in order.
   */
  failNext(status: number, body: object, options?: { headers?: Record<string, string>; method?: string }): void;
  close(): Promise<void>;
}

export interface ForgeStubOptions {
  /** Serve HTTPS with this certificate and key (PEM file paths). */
  tls?: { certificate: string; key: string };
  /** A GitHub App installed with this id, whose installation tokens are `token`, valid for `expiresInSeconds` (3600). */
  app?: { installationId: number; token: string; expiresInSeconds?: number };
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
type Failure = { answer: Answer; method?: string };

export async function startForgeStub(token: string, options: ForgeStubOptions = {}): Promise<ForgeStub> {
  const requests: RecordedRequest[] = [];
  const pulls: StubPull[] = [];
  const failures: Failure[] = [];
  const scheme = options.tls === undefined ? 'http' : 'https';
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded = {
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(recorded);
      const failure = failures.findIndex(({ method }) => method === undefined || method === request.method);
      let answer: Answer;
      const app = options.app === undefined ? undefined : appAnswer(recorded, options.app);
      const accepted = [`Bearer ${token}`, ...(options.app === undefined ? [] : [`Bearer ${options.app.token}`])];
      if (failure >= 0) answer = failures.splice(failure, 1)[0]!.answer;
      else if (app !== undefined) answer = app;
      else if (!accepted.includes(String(request.headers.authorization)))
        answer = [401, { message: 'Bad credentials' }];
      else answer = handle(recorded, pulls, `${scheme}://${request.headers.host}`);
      if (answer[0] === 204) response.writeHead(204, answer[2]).end();
      else
        response
          .writeHead(answer[0], { 'content-type': 'application/json', ...answer[2] })
          .end(JSON.stringify(answer[1]));
    });
  };
  const { tls } = options;
  const server =
    tls === undefined
      ? createServer(serve)
      : createHttpsServer({ cert: readFileSync(tls.certificate), key: readFileSync(tls.key) }, serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    pulls,
    failNext: (status, body, { headers, method } = {}) => failures.push({ answer: [status, body, headers], method }),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The GitHub App endpoints, which take the app's JWT; undefined for any other request. */
function appAnswer(request: RecordedRequest, app: NonNullable<ForgeStubOptions['app']>): Answer | undefined {
  const installation = /^\/api\/v3\/repos\/[^/]+\/[^/]+\/installation$/.test(request.url) && request.method === 'GET';
  const tokens =
    request.url === `/api/v3/app/installations/${app.installationId}/access_tokens` && request.method === 'POST';
  if (!installation && !tokens) return undefined;
  if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(String(request.headers.authorization)))
    return [401, { message: 'A JSON web token could not be decoded' }];
  if (installation) return [200, { id: app.installationId }];
  const expiresAt = new Date(Date.now() + (app.expiresInSeconds ?? 3600) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return [201, { token: app.token, expires_at: expiresAt }];
}

function handle(request: RecordedRequest, pulls: StubPull[], origin: string): Answer {
  const url = new URL(request.url, origin);
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (/^\/api\/v3\/repos\/[^/]+\/[^/]+\/dispatches$/.test(url.pathname) && request.method === 'POST') {
    const valid =
      typeof body.event_type === 'string' &&
      body.event_type.length <= 100 &&
      Object.keys((body.client_payload ?? {}) as object).length <= 10;
    return valid ? [204, undefined] : [422, { message: 'Invalid request' }];
  }
  const github = /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
  if (github) {
    const project = github[1]!;
    const show = (pull: StubPull) => ({
      number: pull.number,
      html_url: `${origin}/${project}/pull/${pull.number}`,
      title: pull.title,
      body: pull.body,
    });
    const mine = pulls.filter((pull) => pull.forge === 'github' && pull.project === project);
    if (request.method === 'GET' && github[2] === undefined) {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      return [
        200,
        mine
          .filter(
            (pull) =>
              pull.state === 'open' &&
              `${project.split('/')[0]}:${pull.head}` === head &&
              (base === null || pull.base === base),
          )
          .map(show),
      ];
    }
    if (request.method === 'POST' && github[2] === undefined) {
      const pull = add(
        pulls,
        'github',
        project,
        String(body.head),
        String(body.base),
        String(body.title),
        String(body.body),
      );
      return [201, show(pull)];
    }
    const pull = mine.find((one) => one.number === Number(github[2]));
    if (request.method === 'PATCH' && pull)
      return [200, show(Object.assign(pull, { title: body.title, body: body.body }))];
  }
  const gitlab = /^\/api\/v4\/projects\/([^/]+)\/merge_requests(?:\/(\d+))?$/.exec(url.pathname);
  if (gitlab) {
    const project = decodeURIComponent(gitlab[1]!);
    const show = (pull: StubPull) => ({
      iid: pull.number,
      web_url: `${origin}/${project}/-/merge_requests/${pull.number}`,
      title: pull.title,
      description: pull.body,
    });
    const mine = pulls.filter((pull) => pull.forge === 'gitlab' && pull.project === project);
    if (request.method === 'GET' && gitlab[2] === undefined) {
      const source = url.searchParams.get('source_branch');
      const target = url.searchParams.get('target_branch');
      return [
        200,
        mine
          .filter((pull) => pull.state === 'open' && pull.head === source && (target === null || pull.base === target))
          .map(show),
      ];
    }
    if (request.method === 'POST' && gitlab[2] === undefined) {
      const pull = add(
        pulls,
        'gitlab',
        project,
        String(body.source_branch),
        String(body.target_branch),
        String(body.title),
        String(body.description),
      );
      return [201, show(pull)];
    }
    const pull = mine.find((one) => one.number === Number(gitlab[2]));
    if (request.method === 'PUT' && pull)
      return [200, show(Object.assign(pull, { title: body.title, body: body.description }))];
  }
  return [404, { message: 'Not Found' }];
}

function add(
  pulls: StubPull[],
  forge: StubPull['forge'],
  project: string,
  head: string,
  base: string,
  title: string,
  body: string,
): StubPull {
  const number = pulls.filter((pull) => pull.forge === forge && pull.project === project).length + 1;
  const pull: StubPull = { forge, project, number, head, base, title, body, state: 'open' };
  pulls.push(pull);
  return pull;
}
