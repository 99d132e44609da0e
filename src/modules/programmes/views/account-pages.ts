import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { postForm } from "../../../platform/views/forms";
import { localizedText, translateMarked } from "../../../platform/views/localized";
import { cohortPath } from "../queries";
import type { ApplicationStatus } from "../schema";
import { cohortDates, PROGRAMME_STYLES, statusTag } from "./shared";

export type OwnApplication = {
  id: string; status: ApplicationStatus; completedAt: Date | null; spaceSlug: string; programmeSlug: string; programmeTitle: LocalizedText; cohortId: string;
  cohortName: LocalizedText; startsOn: string; endsOn: string; attended: number; sessions: number; needed: number; materialsDone: number; materials: number;
};

/** /account/programmes — the person's applications, progress and certificates. */
export function accountProgrammesPage(view: ViewContext, applications: OwnApplication[]): string {
  const { t } = view;
  return renderPage(view, {
    title: t("account.programmes"),
    breadcrumbs: [{ label: t("account.title"), href: "/account" }, { label: t("account.programmes") }],
    head: PROGRAMME_STYLES.link(),
    body: html`<h1>${t("account.programmes")}</h1>
${applications.length
  ? html`<ul class="cards">${applications.map((application) => {
      const path = cohortPath(application.spaceSlug, application.programmeSlug, application.cohortId);
      return html`<li class="card"><h2><a href="${path}">${localizedText(view, application.programmeTitle)} — ${localizedText(view, application.cohortName)}</a></h2>
      <p>${cohortDates(view, application)} ${statusTag(view, application.status, Boolean(application.completedAt))}</p>
      ${application.status === "confirmed" ? html`<p>${t("programmes.progress.summary", { attended: application.attended, needed: application.needed, sessions: application.sessions })} ${application.materials ? t("programmes.progress.materials", { done: application.materialsDone, materials: application.materials }) : ""}</p>` : ""}
      ${application.status === "offered" ? postForm(view, `${path}/applications/${application.id}/take-offer`, html`<button type="submit">${t("programmes.application.take_offer")}</button>`) : ""}
      ${application.completedAt ? html`<p><a href="/account/programmes/${application.id}/certificate">${t("programmes.certificate.open")}</a></p>` : ""}</li>`;
    })}</ul>`
  : html`<p class="muted">${t("programmes.account.none")}</p>`}`,
  });
}

export type CertificateData = { name: string; programmeTitle: LocalizedText; cohortName: LocalizedText; spaceTitle: LocalizedText; completedAt: Date; code: string; verificationUrl: string };

/** The participant's printable completion certificate. */
export function certificatePage(view: ViewContext, data: CertificateData): string {
  const { t } = view;
  const programme = localize(data.programmeTitle, view.locale);
  return renderPage(view, {
    title: `${t("programmes.certificate.title")} · ${programme.text}`,
    breadcrumbs: [{ label: t("account.title"), href: "/account" }, { label: t("account.programmes"), href: "/account/programmes" }, { label: t("programmes.certificate.title") }],
    head: PROGRAMME_STYLES.link(),
    body: html`<article class="programme-certificate" aria-labelledby="certificate-heading">
<p>${localizedText(view, data.spaceTitle)}</p>
<h1 id="certificate-heading">${t("programmes.certificate.title")}</h1>
<p>${translateMarked(view, "programmes.certificate.statement", { name: data.name, programme, cohort: localize(data.cohortName, view.locale), date: view.format.date(data.completedAt) })}</p>
<p>${t("programmes.certificate.verify")} <a href="${data.verificationUrl}">${data.verificationUrl}</a><br>
${t("programmes.certificate.code")}: <code>${data.code}</code></p>
</article>
<p class="hint">${t("programmes.certificate.print")}</p>`,
  });
}

/** /programmes/certificates/:code — whether a completion certificate is genuine. */
export function verificationPage(view: ViewContext, data: { name: string; programmeTitle: LocalizedText; cohortName: LocalizedText; completedAt: Date } | null): string {
  const { t } = view;
  const body = data
    ? html`<p class="notice" role="status"><strong>${translateMarked(view, "programmes.verify.valid", {
        name: data.name, programme: localize(data.programmeTitle, view.locale), cohort: localize(data.cohortName, view.locale), date: view.format.date(data.completedAt),
      })}</strong></p>`
    : html`<p class="notice" role="status">${t("programmes.verify.invalid")}</p>`;
  return renderPage(view, { title: t("programmes.verify.title"), body: html`<h1>${t("programmes.verify.title")}</h1>${body}` });
}
