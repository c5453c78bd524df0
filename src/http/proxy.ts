/**
 * The proxy for a URL, from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (lower-case names win, as in curl and Go),
 * with Go's rules, which docker follows: loopback hosts are never proxied; a `NO_PROXY` entry is `*`, a host or
 * IP address (`example.com` also covers its subdomains, `.example.com` and `*.example.com` only them), optionally
 * with `:port`, or a CIDR block (`10.0.0.0/8`).
 */

import { BlockList, isIP } from 'node:net';
import { isLoopback } from './loopback.js';

type Env = Record<string, string | undefined>;

/** The proxy URL to send requests for `url` through, or undefined to connect directly. */
export function proxyFor(url: URL, env: Env): string | undefined {
  const proxy = url.protocol === 'https:' ? variable(env, 'https_proxy') : variable(env, 'http_proxy');
  if (proxy === undefined || isLoopback(url.host) || bypassed(url, variable(env, 'no_proxy') ?? '')) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function variable(env: Env, lowerName: string): string | undefined {
  const value = env[lowerName] ?? env[lowerName.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function bypassed(url: URL, noProxy: string): boolean {
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => entry === '*' || matches(entry.toLowerCase(), hostname, port));
}

function matches(entry: string, hostname: string, port: string): boolean {
  if (entry.includes('/')) return inBlock(entry, hostname);
  const [host, entryPort] = hostAndPort(entry);
  if (entryPort !== undefined && entryPort !== port) return false;
  if (hostname === host) return true;
  const domain = isIP(hostname) === 0;
  if (host.startsWith('*.') || host.startsWith('.')) return domain && hostname.endsWith(host.replace(/^\*/, ''));
  return domain && hostname.endsWith(`.${host}`);
}

/** `host`, `host:port`, a bare IPv6 address, or `[v6]:port`. */
function hostAndPort(entry: string): [string, string | undefined] {
  if (isIP(entry) !== 0) return [entry, undefined];
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^(.*?)(?::(\d+))?$/.exec(entry)!;
  return [match[1], match[2]];
}

function inBlock(cidr: string, hostname: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = isIP(network);
  if (family === 0 || isIP(hostname) !== family || !/^\d+$/.test(bits)) return false;
  const block = new BlockList();
  block.addSubnet(network, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
  return block.check(hostname, family === 4 ? 'ipv4' : 'ipv6');
}
