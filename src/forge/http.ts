/** JSON calls to a forge API over a ForgeTransport; failures become ForgeError without the token. */

import { defaults } from '../defaults.js';
import { ForgeError } from './errors.js';
import type { ForgeRequest, ForgeTransport } from './transport.js';

export interface ApiRequest {
  method: ForgeRequest['method'];
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Sends `call` and returns the parsed JSON answer of a 2xx response; throws ForgeError otherwise. */
export async function callApi<T>(transport: ForgeTransport, forge: string, call: ApiRequest): Promise<T> {
  const json: Record<string, string> = call.body === undefined ? {} : { 'content-type': 'application/json' };
  const headers = { ...call.headers, 'user-agent': defaults.userAgent, ...json };
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const response = await transport.send(forge, { method: call.method, url: call.url, headers, body });
  const { status } = response;
  const text = response.body.toString('utf8');
  if (status < 200 || status > 299) {
    throw new ForgeError(
      `${forge} API ${call.method} ${call.url} answered ${status}${apiMessage(text)}`,
      call.method,
      call.url,
      status,
    );
  }
  if (status === 204) return undefined as T; // No Content: what GitHub answers a repository dispatch
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ForgeError(
      `${forge} API ${call.method} ${call.url} answered ${status} with invalid JSON`,
      call.method,
      call.url,
      status,
    );
  }
}

/** `: message` from a GitHub (`message`, `errors`) or GitLab (`message`, `error`) error body, when there is one. */
function apiMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
    const parts = [body.message ?? body.error, body.errors === undefined ? undefined : JSON.stringify(body.errors)];
    const message = parts
      .filter((part) => part !== undefined)
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
    return message.length > 0 ? `: ${message.join(' ').slice(0, 500)}` : '';
  } catch {
    return '';
  }
}
