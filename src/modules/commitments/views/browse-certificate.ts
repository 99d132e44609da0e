import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { localizedText, translateMarked } from "../../../platform/views/localized";
import { renderPage } from "../../../platform/views/layout";
import { commitmentStylesheet } from "./browse-styles";

export type CertificatePageData = {
  space: { slug: string; title: LocalizedText };
  organisation: { slug: string; name: LocalizedText };
  commitmentCount: number;
  issuedOn: string;
  verificationUrl: string;
  code: string;
};

/** /spaces/:slug/commitments/certificates/:organisationSlug — a printable "reporting on track" certificate. */
export function certificatePage(view: ViewContext, data: CertificatePageData): string {
  const { t } = view;
  const space = localize(data.space.title, view.locale);
  const organisation = localize(data.organisation.name, view.locale);
  return renderPage(view, {
    title: `${t("commitment.certificate.title")} · ${organisation.text}`,
    head: commitmentStylesheet(),
    breadcrumbs: [
      { label: space, href: `/spaces/${data.space.slug}` },
      { label: t("commitment.browse.title"), href: `/spaces/${data.space.slug}/commitments` },
      { label: t("commitment.certificate.title") },
    ],
    body: html`<article class="certificate" aria-labelledby="certificate-heading">
<p>${localizedText(view, data.space.title)}</p>
<h1 id="certificate-heading">${t("commitment.certificate.heading")}</h1>
<p class="organisation">${localizedText(view, data.organisation.name)}</p>
<p>${translateMarked(view, "commitment.certificate.statement", { organisation, space })}</p>
<p>${t("commitment.certificate.count", { count: data.commitmentCount })}</p>
<p>${t("commitment.certificate.issued", { date: view.format.date(`${data.issuedOn}T00:00:00Z`) })}</p>
<p class="verification">${t("commitment.certificate.verify")} <a href="${data.verificationUrl}">${data.verificationUrl}</a><br>
${t("commitment.certificate.code")}: <code>${data.code}</code></p>
</article>
<p class="no-print muted">${t("commitment.certificate.print")}</p>`,
  });
}

export type VerificationPageData =
  | { state: "invalid" }
  | { state: "valid" | "lapsed"; space: { slug: string; title: LocalizedText }; organisation: { slug: string; name: LocalizedText }; issuedOn: string };

/** /verify/certificate/:code — says whether a certificate is genuine and still holds today. */
export function verificationPage(view: ViewContext, data: VerificationPageData): string {
  const { t } = view;
  let body;
  if (data.state === "invalid") body = html`<p class="notice" role="status">${t("commitment.verify.invalid")}</p>`;
  else {
    const values = {
      organisation: localize(data.organisation.name, view.locale).text,
      space: localize(data.space.title, view.locale).text,
      date: view.format.date(`${data.issuedOn}T00:00:00Z`),
    };
    body = html`<p class="notice" role="status"><strong>${t(`commitment.verify.${data.state}`, values)}</strong></p>
<p>${t("commitment.verify.issued", { date: values.date })} ·
<a href="/organisations/${data.organisation.slug}">${localizedText(view, data.organisation.name)}</a> ·
<a href="/spaces/${data.space.slug}/commitments">${localizedText(view, data.space.title)}</a></p>`;
  }
  return renderPage(view, { title: t("commitment.verify.title"), head: commitmentStylesheet(), body: html`<h1>${t("commitment.verify.title")}</h1>${body}` });
}
