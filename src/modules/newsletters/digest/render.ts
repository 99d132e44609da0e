import { html, type SafeHtml } from "../../../platform/html";
import type { ContentCard } from "../../../platform/content/sources";
import { localeInfo } from "../../../platform/i18n/locales";
import { localize, localizedString, type LocalizedText, type LocalizedValue } from "../../../platform/i18n/localized";
import { intlFormat, translator } from "../../../platform/i18n/messages";
import type { DigestPeriod } from "./period";

/** Cards of one kind under the kind's name (its source's label). */
export type DigestSection = { labelKey: string; cards: ContentCard[] };

export type DigestMail = { subject: string; text: string; html: string };

/** Text in the reader's language, or marked with its own language when it is a fallback (screen readers). */
function inLanguage(value: LocalizedValue): SafeHtml {
  return value.isFallback ? html`<span lang="${value.locale}">${value.text}</span>` : html`${value.text}`;
}

/**
 * One recipient's digest in their language (content falls back to another language, marked with `lang`): the
 * cards of the period by kind, each with its title, line, summary and link, a plain-text part with the same
 * content, and at the end the links to change preferences or unsubscribe. CSS is inline (mail clients drop
 * style sheets).
 */
export function renderDigest(input: { locale: string; publicUrl: string; spaceTitle: LocalizedText; spacePath: string; period: DigestPeriod; sections: DigestSection[]; preferencesUrl: string; unsubscribeUrl: string }): DigestMail {
  const { locale } = input;
  const t = translator(locale);
  const format = intlFormat(locale);
  const info = localeInfo(locale);
  const space = localizedString(input.spaceTitle, locale);
  const lastDay = new Date(input.period.until.getTime() - 1);
  const periodText = t("newsletters.digest.period", { since: format.date(input.period.since), until: format.date(lastDay) });
  const subject = t(`newsletters.digest.subject.${input.period.frequency}`, { space, period: periodText });
  const url = (path: string) => `${input.publicUrl}${path}`;

  const textSections = input.sections.map((section) => {
    const items = section.cards.map((card) => {
      const meta = card.meta ? localizedString(card.meta, locale) : "";
      const summary = localizedString(card.summary, locale);
      return [`* ${localizedString(card.title, locale)}`, meta ? `  ${meta}` : "", summary ? `  ${summary}` : "", `  ${url(card.path)}`].filter(Boolean).join("\n");
    });
    return `${t(section.labelKey)}\n\n${items.join("\n\n")}`;
  });
  const text = [t("newsletters.digest.intro", { space, period: periodText }), ...textSections, `${t("newsletters.digest.preferences")}: ${input.preferencesUrl}\n${t("newsletters.digest.unsubscribe")}: ${input.unsubscribeUrl}`].join("\n\n");

  const body = html`<!doctype html>
<html lang="${info.code}" dir="${info.dir}"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f0;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff">
<h1 style="font-size:22px;margin:0 0 8px">${inLanguage(localize(input.spaceTitle, locale))}</h1>
<p style="margin:0 0 24px;color:#444444">${t("newsletters.digest.intro", { space, period: periodText })}</p>
${input.sections.map(
  (section) => html`<h2 style="font-size:18px;border-bottom:2px solid #2b6e4f;padding-bottom:4px;margin:24px 0 12px">${t(section.labelKey)}</h2>
${section.cards.map(
  (card) => html`<div style="margin:0 0 16px">
<h3 style="font-size:16px;margin:0 0 4px"><a href="${url(card.path)}" style="color:#1d5a3f">${inLanguage(localize(card.title, locale))}</a></h3>
${card.meta ? html`<p style="margin:0 0 4px;font-size:13px;color:#555555">${inLanguage(localize(card.meta, locale))}</p>` : ""}
${localizedString(card.summary, locale) ? html`<p style="margin:0;font-size:14px">${inLanguage(localize(card.summary, locale))}</p>` : ""}
</div>`,
)}`,
)}
<p style="margin:32px 0 0;font-size:13px;color:#555555"><a href="${url(input.spacePath)}" style="color:#1d5a3f">${space}</a> · <a href="${input.preferencesUrl}" style="color:#1d5a3f">${t("newsletters.digest.preferences")}</a> · <a href="${input.unsubscribeUrl}" style="color:#1d5a3f">${t("newsletters.digest.unsubscribe")}</a></p>
</div></body></html>`;
  return { subject, text, html: String(body) };
}
