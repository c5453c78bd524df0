/**
 * Redirects (registries often send blob downloads to storage elsewhere). Requests to the registry's own origin
 * go through the authentication layer; a redirect to any other origin is followed with the bare request, so an
 * `Authorization` header (Basic credentials or a Bearer token) never leaves the registry.
 */

import { RegistryError } from './errors.js';
import { type HttpRequest, type HttpResponse, header, redactUrl } from '../http/index.js';

type SendTo = (request: HttpRequest) => Promise<HttpResponse>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Sends `request` with `toRegistry` and follows up to five redirects: those to `origin` with `toRegistry`, all
 * others with `elsewhere`. The final answer is returned; a redirect without `Location` is returned as is.
 */
export async function followRedirects(
  request: HttpRequest,
  origin: string,
  toRegistry: SendTo,
  elsewhere: SendTo,
): Promise<HttpResponse> {
  let response = await toRegistry(request);
  for (let hops = 0; REDIRECT_STATUSES.has(response.status); hops++) {
    const location = header(response, 'location');
    if (location === undefined) return response;
    const next = redirectTarget(location, response, hops);
    const redirected: HttpRequest = {
      ...request,
      url: next.href,
      method: response.status === 303 ? 'GET' : request.method,
    };
    response = next.origin === origin ? await toRegistry(redirected) : await elsewhere(redirected);
  }
  return response;
}

function redirectTarget(location: string, response: HttpResponse, hops: number): URL {
  const fail = (why: string) =>
    new RegistryError(`registry ${new URL(response.url).host} ${why}`, {
      reason: 'protocol',
      status: response.status,
      url: response.url,
    });
  if (hops === MAX_REDIRECTS) throw fail(`redirected more than ${MAX_REDIRECTS} times`);
  const next = URL.canParse(location, response.url) ? new URL(location, response.url) : undefined;
  if (next === undefined || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
    throw fail(`redirected to a location that is not an http(s) URL: ${redactUrl(location)}`);
  }
  return next;
}
