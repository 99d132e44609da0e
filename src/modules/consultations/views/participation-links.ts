import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { canFacilitateGroup } from "../permissions";
import type { ConsultationForViewer } from "../queries";
import { followButton } from "./participation-follow";
import { consultationPath, groupPath } from "./participation-breakouts";

/** Open data (statistics, API, feeds) covers published public consultations of public spaces only (api.ts). */
const isOpenData = (loaded: ConsultationForViewer): boolean =>
  loaded.space.visibility === "public" && loaded.consultation.visibility === "public" && loaded.consultation.status === "published";

/**
 * For the consultation overview: follow / stop following the whole consultation, and the participation
 * statistics when the consultation is open data. `isFollowing` comes from queries-participation `isFollowing`.
 */
export function consultationParticipationLinks(view: ViewContext, loaded: ConsultationForViewer, isFollowing: boolean): SafeHtml {
  const stats = isOpenData(loaded)
    ? html`<p class="stats-link"><a href="${consultationPath(loaded.space.slug, loaded.consultation.slug)}/stats">${view.t("consultation.open_data.stats.link")}</a></p>`
    : html``;
  return html`${followButton(view, { spaceSlug: loaded.space.slug, consultationSlug: loaded.consultation.slug, isFollowing })}${stats}`;
}

/**
 * For a session group (overview row or group page): the plenary view, and for those who facilitate the
 * session the breakout groups page. Discussion groups have neither, so this is empty for them.
 */
export function sessionGroupLinks(view: ViewContext, loaded: ConsultationForViewer, group: { id: string; number: number; kind: string }): SafeHtml {
  if (group.kind !== "session") return html``;
  const base = groupPath(loaded.space.slug, loaded.consultation.slug, group.number);
  const breakouts = canFacilitateGroup(loaded.access, group.id) ? html` · <a href="${base}/breakouts">${view.t("consultation.participation.breakouts.manage")}</a>` : html``;
  return html`<p class="session-links"><a href="${base}/plenary">${view.t("consultation.participation.plenary.link")}</a>${breakouts}</p>`;
}
