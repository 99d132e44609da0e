import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { localizedText, translateMarked } from "../../../platform/views/localized";
import type { OrganisationCommitment } from "../queries-browse";
import { lightTag, onTrackBadge } from "./browse-list";
import { commitmentStylesheet } from "./browse-styles";
import { translateInMode, type CommitmentMode } from "../wording";
import { scrollableTable } from "../../../platform/views/table";

/**
 * The "Commitments" section of an organisation's page: its published commitments as owner or partner,
 * and for each space where it reports on track, the badge and a link to its certificate.
 */
export function organisationCommitmentsSection(
  view: ViewContext,
  data: { organisationSlug: string; commitments: OrganisationCommitment[]; onTrackSpaceIds: Set<string>; modes: ReadonlyMap<string, CommitmentMode> },
): SafeHtml {
  const modeOf = (spaceId: string): CommitmentMode => data.modes.get(spaceId) ?? "commitments";
  // Programme activities only when every space listed is a memorandum; a mix (or none) keeps "commitments".
  const isAllMemorandum = data.commitments.length > 0 && data.commitments.every((item) => modeOf(item.space.id) === "memorandum");
  const t = translateInMode(view.t, isAllMemorandum ? "memorandum" : "commitments");
  const inSpace = (spaceId: string): ViewContext => ({ ...view, t: translateInMode(view.t, modeOf(spaceId)) });
  const spaces = new Map(data.commitments.filter((item) => item.role === "owner" && data.onTrackSpaceIds.has(item.space.id)).map((item) => [item.space.id, item.space]));
  // The organisation page's head belongs to another module; a stylesheet link is allowed in the body too.
  return html`${commitmentStylesheet()}<section aria-labelledby="org-commitments-heading"><h2 id="org-commitments-heading">${t("commitment.browse.org_section")}</h2>
${spaces.size
  ? html`<ul class="on-track">${[...spaces.values()].map(
      (space) =>
        html`<li>${onTrackBadge(inSpace(space.id))} <a href="/spaces/${space.slug}/commitments/certificates/${data.organisationSlug}">${translateMarked(inSpace(space.id), "commitment.browse.certificate_link", {
          space: localize(space.title, view.locale),
        })}</a></li>`,
    )}</ul>`
  : ""}
${data.commitments.length
  ? scrollableTable(t("commitment.browse.org_table"), html`<table><caption>${t("commitment.browse.org_table")}</caption>
<thead><tr><th scope="col">${t("commitment.browse.org_commitment")}</th><th scope="col">${t("commitment.browse.org_space")}</th><th scope="col">${t("commitment.browse.org_role")}</th><th scope="col">${t("commitment.browse.stage")}</th><th scope="col">${t("commitment.browse.light")}</th></tr></thead>
<tbody>${data.commitments.map(
      (item) => html`<tr><td><a href="/spaces/${item.space.slug}/commitments/${item.number}">${localizedText(view, item.title)}</a></td>
<td><a href="/spaces/${item.space.slug}/commitments">${localizedText(view, item.space.title)}</a></td>
<td>${t(`commitment.browse.org_role.${item.role}`)}</td><td>${t(`commitment.browse.stage.${item.stage}`)}</td><td>${lightTag(view, item.light)}</td></tr>`,
    )}</tbody></table>`)
  : html`<p class="muted">${t("commitment.browse.org_none")}</p>`}
</section>`;
}
