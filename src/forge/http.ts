/** JSON requests to a forge API over undici, with a timeout; failures become ForgeError without the token. */

import { request } from 'undici';

/** A forge API call that failed: the request (never its token), the status, and the API's own message. */
export class ForgeError extends Error {
  override name = 'ForgeError';
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

const TIMEOUT_MS = 30_000;

/** Sends `call` and returns the parsed JSON answer of a 2xx response; throws ForgeError otherwise. */
export async function callApi<T>(forge: string, call: ApiRequest): Promise<T> {
  const headers = { ...call.headers, 'user-agent': 'basepin', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) };
  let status: number;
  let text: string;
  try {
    const response = await request(call.url, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    throw new ForgeError(`${forge} API ${call.method} ${call.url} failed: ${(error as Error).message}`, call.method, call.url);
  }
  if (status < 200 || status > 299) {
    throw new ForgeError(`${forge} API ${call.method} ${call.url} answered ${status}${apiMessage(text)}`, call.method, call.url, status);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ForgeError(`${forge} API ${call.method} ${call.url} answered ${status} with invalid JSON`, call.method, call.url, status);
  }
}

/** `: message` from a GitHub (`message`, `errors`) or GitLab (`message`, `error`) error body, when there is one. */
function apiMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
    const parts = [body.message ?? body.error, body.errors === undefined ? undefined : JSON.stringify(body.errors)];
    const message = parts.filter((part) => part !== undefined).map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
    return message.length > 0 ? `: ${message.join(' ').slice(0, 500)}` : '';
  } catch {
    return '';
  }
}
