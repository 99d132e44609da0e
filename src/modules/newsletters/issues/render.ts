import type Juice from "juice";
import type { ContentCard } from "../../../platform/content/sources";
import { html, raw, type SafeHtml } from "../../../platform/html";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { translator } from "../../../platform/i18n/messages";
import { markdownToPlainText } from "../../../platform/markdown/subset";
import type { NewsletterBlock } from "./schema";
import { lazyPackage } from "../../../platform/lazy-package";

const loadJuice = lazyPackage<typeof Juice>("juice");

/** What a newsletter says, as stored; the mail, the web version and the API are all made from it. */
export type NewsletterContent = {
  id: string;
  subject: LocalizedText;
  preheader: LocalizedText;
  intro: LocalizedText;
  introHtml: LocalizedText;
  blocks: NewsletterBlock[];
  space: { slug: string; title: LocalizedText };
  sentAt: Date | null;
};

/** A block ready to show: a text block's HTML and Markdown, or a resolved card (blocks whose item is gone are left out). */
type ShownBlock = { type: "text"; html: string; markdown: string } | { type: "card"; card: ContentCard };

function shownBlocks(content: NewsletterContent, cards: readonly ContentCard[], locale: string): ShownBlock[] {
  const byReference = new Map(cards.map((card) => [`${card.kind}:${card.id}`, card]));
  return content.blocks.flatMap((block): ShownBlock[] => {
    if (block.type === "text") {
      const markdown = localize(block.body, locale);
      // the HTML of the language the Markdown was picked in, so both parts say the same
      return markdown.text ? [{ type: "text", html: block.bodyHtml[markdown.locale] ?? "", markdown: markdown.text }] : [];
    }
    const card = byReference.get(`${block.kind}:${block.id}`);
    return card ? [{ type: "card", card }] : [];
  });
}

/** Item references of a newsletter's blocks, for `resolveCards`. */
export function blockReferences(blocks: readonly NewsletterBlock[]): { kind: string; id: string }[] {
  return blocks.flatMap((block) => (block.type === "item" ? [{ kind: block.kind, id: block.id }] : []));
}

/**
 * The newsletter's article — intro and blocks — as HTML in `locale` (each field falling back through the platform's
 * chain). Shared by the mail and the archive's web version; carries nothing personal.
 */
export function newsletterArticle(content: NewsletterContent, cards: readonly ContentCard[], locale: string, publicUrl: string): SafeHtml {
  const intro = localize(content.intro, locale);
  // trusted: intro_html and text blocks' HTML are only written from renderMarkdown (commands.ts)
  const introHtml = raw(content.introHtml[intro.locale] ?? "");
  return html`<div class="newsletter-intro">${introHtml}</div>
    ${shownBlocks(content, cards, locale).map((block) =>
      block.type === "text"
        ? html`<div class="newsletter-text">${raw(block.html)}</div>`
        : html`<div class="newsletter-card">
            <h2><a href="${publicUrl}${block.card.path}">${localizedString(block.card.title, locale)}</a></h2>
            ${block.card.meta ? html`<p class="newsletter-meta">${localizedString(block.card.meta, locale)}</p>` : ""}
            <p>${localizedString(block.card.summary, locale)}</p>
          </div>`,
    )}`;
}

const MAIL_CSS = `
  body { margin: 0; padding: 0; background: #f4f4f2; color: #1f2933; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; }
  .wrapper { max-width: 640px; margin: 0 auto; padding: 24px 16px; background: #ffffff; }
  .preheader { display: none; max-height: 0; overflow: hidden; }
  .space { font-size: 14px; color: #52606d; margin: 0 0 8px; }
  h1 { font-size: 24px; line-height: 1.25; margin: 0 0 16px; color: #102a43; }
  h2 { font-size: 18px; margin: 0 0 4px; }
  a { color: #0b5394; }
  .newsletter-card { border-top: 1px solid #d9e2ec; padding: 12px 0; }
  .newsletter-meta { font-size: 14px; color: #52606d; margin: 0 0 4px; }
  .newsletter-text { padding: 8px 0; }
  .footer { border-top: 1px solid #d9e2ec; margin-top: 24px; padding-top: 12px; font-size: 13px; color: #52606d; }
`;

export type MailLinks = { preferencesUrl: string; unsubscribeUrl: string; webUrl: string };

/** One recipient's mail: subject, HTML with the CSS inlined (juice) and the plain-text part, in `locale`. */
export function renderNewsletterMail(content: NewsletterContent, cards: readonly ContentCard[], locale: string, publicUrl: string, links: MailLinks): { subject: string; html: string; text: string } {
  const t = translator(locale);
  const subject = localizedString(content.subject, locale);
  const spaceTitle = localizedString(content.space.title, locale);
  const preheader = localizedString(content.preheader, locale);
  const document = html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title><style>${raw(MAIL_CSS)}</style></head>
<body><div class="wrapper">
  ${preheader ? html`<div class="preheader">${preheader}</div>` : ""}
  <p class="space">${spaceTitle}</p>
  <h1>${subject}</h1>
  ${newsletterArticle(content, cards, locale, publicUrl)}
  <div class="footer">
    <p>${t("newsletters.issues.mail.why", { space: spaceTitle })}</p>
    <p><a href="${links.webUrl}">${t("newsletters.issues.mail.web_version")}</a> · <a href="${links.preferencesUrl}">${t("newsletters.issues.mail.preferences")}</a> · <a href="${links.unsubscribeUrl}">${t("newsletters.issues.mail.unsubscribe")}</a></p>
  </div>
</div></body></html>`;
  const parts = [spaceTitle, subject, "", markdownToPlainText(localizedString(content.intro, locale))];
  for (const block of shownBlocks(content, cards, locale)) {
    parts.push("");
    if (block.type === "text") parts.push(markdownToPlainText(block.markdown));
    else {
      parts.push(`## ${localizedString(block.card.title, locale)}`);
      if (block.card.meta) parts.push(localizedString(block.card.meta, locale));
      parts.push(localizedString(block.card.summary, locale), `${publicUrl}${block.card.path}`);
    }
  }
  parts.push(
    "",
    "--",
    t("newsletters.issues.mail.why", { space: spaceTitle }),
    `${t("newsletters.issues.mail.web_version")}: ${links.webUrl}`,
    `${t("newsletters.issues.mail.preferences")}: ${links.preferencesUrl}`,
    `${t("newsletters.issues.mail.unsubscribe")}: ${links.unsubscribeUrl}`,
  );
  return { subject, html: loadJuice()(document.value), text: `${parts.join("\n").trim()}\n` };
}
