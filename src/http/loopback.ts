/** Hosts on this machine: spoken to in plain HTTP by default and never through a proxy. */

/** True for `localhost`, 127.0.0.0/8 and `[::1]`, each with or without a port. */
export function isLoopback(host: string): boolean {
  const hostname = new URL(`http://${host}`).hostname;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
