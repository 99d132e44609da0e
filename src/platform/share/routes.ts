import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";
import { localeInfo } from "../i18n/locales";
import { translator } from "../i18n/messages";
import { signingSecret } from "../signing/signed-codes";
import { renderShareCard } from "./card";
import { readShareImageName, useShareKey } from "./links";

/** Keeps the most recently used cards up to a total size in bytes (a card is 30–70 KB). */
export class ByteLru {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, buffer] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= buffer.length;
    }
  }

  get size(): number {
    return this.bytes;
  }
}

/**
 * `GET /og/<payload>.<mac>.png`: the 1200×630 share card (Open Graph image) of a public page, from the text the
 * page signed into the URL (see links.ts); anything else is a 404. The card is drawn only while its page still
 * answers an anonymous visitor with 200: the page's own module decides, by the same rules as for the page, so an
 * item made private or deleted (or a space closed) loses its card at once. Rendering takes tens of milliseconds, so
 * cards are kept in memory (16 MB at most); browsers and link-preview crawlers may keep one for an hour.
 */
export async function shareRoutes(app: FastifyInstance): Promise<void> {
  useShareKey(await signingSecret(app.services.db));
  const cache = new ByteLru(16 * 1024 * 1024);
  // A wildcard, not a `:file` parameter: Fastify refuses parameters longer than 100 characters, and a card's name
  // (its signed text) is often longer.
  app.get<{ Params: { "*": string } }>("/og/*", { schema: { hide: true } }, async (request, reply) => {
    const name = request.params["*"];
    const card = readShareImageName(name);
    if (!card) throw new AppError("not_found");
    // Anonymous, as a link-preview crawler is: no cookie of the person asking is passed on.
    const page = await app.inject({ method: "GET", url: card.path, headers: { accept: "text/html", "accept-language": card.locale } });
    if (page.statusCode !== 200) throw new AppError("not_found");
    let png = cache.get(name);
    if (!png) {
      const t = translator(card.locale);
      png = await renderShareCard({ title: card.title, kindLabel: t(`share.kind.${card.kind}`), context: card.context, locale: card.locale, dir: localeInfo(card.locale).dir });
      cache.set(name, png);
    }
    return reply.type("image/png").header("cache-control", "public, max-age=3600").send(png);
  });
}
