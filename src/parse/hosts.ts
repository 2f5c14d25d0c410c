// Where a URL points, as far as an agent's browser on the (https) Desktop is concerned.

/** Why an agent's browser on the Desktop cannot use `url`, or undefined when nothing says it cannot. */
export function unreachableReason(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0') {
    return `${u.host} is a development server on the machine of whoever wrote the gadget`;
  }
  if (/^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^169\.254\./.test(host) || /^f[cd][0-9a-f]{2}:/.test(host)) {
    return `${u.host} is a private address, which agents' browsers outside that network cannot reach`;
  }
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || !host.includes('.')) {
    return `${u.host} is a local network name, which agents' browsers outside that network cannot resolve`;
  }
  if (u.protocol === 'http:') return `${url.trim()} is http:, which the https Desktop blocks as mixed content`;
  return undefined;
}
