/**
 * A stand-in for the few GitHub and GitLab API endpoints basepin uses (no forge runs here): list, create and update
 * pull requests (`/api/v3/repos/OWNER/NAME/pulls`, GitHub Enterprise style) and merge requests
 * (`/api/v4/projects/ID/merge_requests`). It records every request exactly as received, keeps pull requests in
 * memory, and requires `Authorization: Bearer <token>`.
 */

import { createServer, type IncomingHttpHeaders } from 'node:http';
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
  /** `http://127.0.0.1:PORT`; the GitHub API is at `/api/v3`, the GitLab API at `/api/v4`. */
  url: string;
  requests: RecordedRequest[];
  pulls: StubPull[];
  /** The next request is answered with this status and body instead. */
  failNext(status: number, body: object): void;
  close(): Promise<void>;
}

type Answer = [status: number, body: unknown];

export async function startForgeStub(token: string): Promise<ForgeStub> {
  const requests: RecordedRequest[] = [];
  const pulls: StubPull[] = [];
  let failure: Answer | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded = { method: request.method!, url: request.url!, headers: request.headers, body: text === '' ? undefined : JSON.parse(text) };
      requests.push(recorded);
      let answer: Answer;
      if (failure !== undefined) [answer, failure] = [failure, undefined];
      else if (request.headers.authorization !== `Bearer ${token}`) answer = [401, { message: 'Bad credentials' }];
      else answer = handle(recorded, pulls, `http://${request.headers.host}`);
      response.writeHead(answer[0], { 'content-type': 'application/json' }).end(JSON.stringify(answer[1]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pulls,
    failNext: (status, body) => (failure = [status, body]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
