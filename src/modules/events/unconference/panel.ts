import { html } from "../../../platform/html";
import type { EventPanel } from "../panels";
import { findUnconference, listProposals } from "./queries";
import { unconferencePath } from "./views";

/**
 * The unconference section of the event page: where it stands, how many proposals, a link to propose and vote
 * (and, for organisers, to run it). Nothing for an event without an unconference, nor — for anyone but its
 * organisers — while it is closed.
 */
export const unconferencePanel: EventPanel = async ({ request, view, space, event, canManage }) => {
  const db = request.server.services.db;
  const settings = await findUnconference(db, event.id);
  const { t } = view;
  const path = unconferencePath(space, event);
  if (!settings) {
    return canManage
      ? { aside: html`<p class="event-unconference-setup"><a href="${path}/manage">${t("events.unconference.manage.link")}</a></p>` }
      : null;
  }
  if (settings.state === "closed" && !canManage) return null;
  const proposals = await listProposals(db, event.id, ["published"]);
  const main = html`<section class="event-unconference" aria-labelledby="event-unconference">
<h2 id="event-unconference">${t("events.unconference.title")}</h2>
<p>${t("events.unconference.panel.lead")}</p>
<p><strong>${t(`events.unconference.state.${settings.state}`)}</strong> · ${t("events.unconference.panel.counts", { count: proposals.length })}</p>
<p><a href="${path}">${t("events.unconference.panel.open")}</a>${canManage ? html` · <a href="${path}/manage">${t("events.unconference.manage.link")}</a>` : ""}</p>
</section>`;
  return { main };
};
