import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import { renderAtom } from "../../platform/feeds/atom";
import { imagePath, imageWidth, postPath, type ListedPost } from "./queries";

/**
 * Atom of published posts through the platform's feed writer, newest first: title, lead as the summary, the body as
 * rendered when written, the organisation (or the space) as author, the kind as category, the lead picture.
 * Callers pass public posts only (PUBLIC_POST_CONDITION): a feed is read without anyone signed in.
 */
export function renderNewsFeed(input: { publicUrl: string; listPath: string; title: string; spaceTitle?: LocalizedText; locale: Locale; items: ListedPost[]; kindLabel: (kind: string) => string; fallbackUpdated: Date }): string {
  const listUrl = `${input.publicUrl}${input.listPath}`;
  return renderAtom({
    selfUrl: `${listUrl}/feed.atom`,
    htmlUrl: listUrl,
    title: input.title,
    locale: input.locale,
    fallbackUpdated: input.fallbackUpdated,
    entries: input.items.map((post) => {
      const lead = post.leadImage;
      const author = post.organisation ? localize(post.organisation.name, input.locale).text : localize(post.space.title, input.locale).text;
      return {
        id: `urn:uuid:${post.id}`,
        url: `${input.publicUrl}${postPath(post.space.slug, post.slug)}`,
        title: localize(post.title, input.locale).text,
        summary: localize(post.lead, input.locale).text || undefined,
        contentHtml: localize(post.bodyHtml, input.locale).text || undefined,
        published: post.publishedAt ?? post.createdAt,
        updated: post.updatedAt,
        authors: [{ name: author || "Convene" }],
        categories: [{ term: post.kind, label: input.kindLabel(post.kind) }, ...post.topics.map((topic) => ({ term: topic }))],
        ...(lead ? { image: { url: `${input.publicUrl}${imagePath(lead.id, imageWidth(lead, 960))}`, type: "image/jpeg" } } : {}),
      };
    }),
  });
}
