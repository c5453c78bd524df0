/**
 * A stand-in for the few GitHub and GitLab API endpoints basepin uses (no forge runs here): list, create and update
 * pull requests (`/api/v3/repos/OWNER/NAME/pulls`, GitHub Enterprise style) and merge requests
 * (`/api/v4/projects/ID/merge_requests`). It records every request exactly as received, keeps pull requests in
 * memory, and requires `Authorization: Bearer <token>`. It speaks plain HTTP, or HTTPS with a certificate given.
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
      const recorded = { method: request.method!, url: request.url!, headers: request.headers, body: text === '' ? undefined : JSON.parse(text) };
      requests.push(recorded);
      const failure = failures.findIndex(({ method }) => method === undefined || method === request.method);
      let answer: Answer;
      if (failure >= 0) answer = failures.splice(failure, 1)[0]!.answer;
      else if (request.headers.authorization !== `Bearer ${token}`) answer = [401, { message: 'Bad credentials' }];
      else answer = handle(recorded, pulls, `${scheme}://${request.headers.host}`);
      response.writeHead(answer[0], { 'content-type': 'application/json', ...answer[2] }).end(JSON.stringify(answer[1]));
    });
  };
  const { tls } = options;
  const server = tls === undefined ? createServer(serve) : createHttpsServer({ cert: readFileSync(tls.certificate), key: readFileSync(tls.key) }, serve);
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

function handle(request: RecordedRequest, pulls: StubPull[], origin: string): Answer {
  const url = new URL(request.url, origin);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const github = /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
  if (github) {
    const project = github[1]!;
    const show = (pull: StubPull) => ({ number: pull.number, html_url: `${origin}/${project}/pull/${pull.number}`, title: pull.title, body: pull.body });
    const mine = pulls.filter((pull) => pull.forge === 'github' && pull.project === project);
    if (request.method === 'GET' && github[2] === undefined) {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      return [200, mine.filter((pull) => pull.state === 'open' && `${project.split('/')[0]}:${pull.head}` === head && (base === null || pull.base === base)).map(show)];
    }
    if (request.method === 'POST' && github[2] === undefined) {
      const pull = add(pulls, 'github', project, String(body.head), String(body.base), String(body.title), String(body.body));
      return [201, show(pull)];
    }
    const pull = mine.find((one) => one.number === Number(github[2]));
    if (request.method === 'PATCH' && pull) return [200, show(Object.assign(pull, { title: body.title, body: body.body }))];
  }
  const gitlab = /^\/api\/v4\/projects\/([^/]+)\/merge_requests(?:\/(\d+))?$/.exec(url.pathname);
  if (gitlab) {
    const project = decodeURIComponent(gitlab[1]!);
    const show = (pull: StubPull) => ({ iid: pull.number, web_url: `${origin}/${project}/-/merge_requests/${pull.number}`, title: pull.title, description: pull.body });
    const mine = pulls.filter((pull) => pull.forge === 'gitlab' && pull.project === project);
    if (request.method === 'GET' && gitlab[2] === undefined) {
      const source = url.searchParams.get('source_branch');
      const target = url.searchParams.get('target_branch');
      return [200, mine.filter((pull) => pull.state === 'open' && pull.head === source && (target === null || pull.base === target)).map(show)];
    }
    if (request.method === 'POST' && gitlab[2] === undefined) {
      const pull = add(pulls, 'gitlab', project, String(body.source_branch), String(body.target_branch), String(body.title), String(body.description));
      return [201, show(pull)];
    }
    const pull = mine.find((one) => one.number === Number(gitlab[2]));
    if (request.method === 'PUT' && pull) return [200, show(Object.assign(pull, { title: body.title, body: body.description }))];
  }
  return [404, { message: 'Not Found' }];
}

function add(pulls: StubPull[], forge: StubPull['forge'], project: string, head: string, base: string, title: string, body: string): StubPull {
  const number = pulls.filter((pull) => pull.forge === forge && pull.project === project).length + 1;
  const pull: StubPull = { forge, project, number, head, base, title, body, state: 'open' };
  pulls.push(pull);
  return pull;
}
