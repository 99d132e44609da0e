// Paths that carry a secret in their last segment (a personal join link, a calendar feed's token, an
// invitation): the access log writes them with that segment replaced, so a log line never hands anyone a link
// that works. Modules register their prefixes when their routes are set up.

const secretPrefixes = new Set<string>();

/** Marks every path starting with `prefix` (e.g. "/events/join/") as carrying a secret after it. */
export function registerSecretPath(prefix: string): void {
  secretPrefixes.add(prefix);
}

/** The URL as the access log may show it: the secret part after a registered prefix (and any query) hidden. */
export function loggedUrl(url: string): string {
  for (const prefix of secretPrefixes) if (url.startsWith(prefix)) return `${prefix}[redacted]`;
  return url;
}
