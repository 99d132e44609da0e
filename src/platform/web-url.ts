const URL_MAX = 2_000;

/**
 * A web address people may follow: http or https only (never javascript:, data: or a relative path), with a
 * host, no credentials, no spaces. Returns the normalised address or null.
 */
export function safeWebUrl(value: string): string | null {
  if (!value || value.length > URL_MAX || /\s/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname || url.username || url.password) return null;
  return url.href;
}
