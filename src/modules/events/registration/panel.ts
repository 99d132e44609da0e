import { html } from "../../../platform/html";
import { findSeatPool, seatCounts } from "../../../platform/seats/seats";
import type { EventPanel } from "../panels";
import { eventPath, isRegistrationOpen } from "../queries";
import { EVENT_POOL } from "../schema";
import { viewerRegistration } from "./queries";
import { capacityNote, organiserLinks, registrationStatusBox } from "./views";

/**
 * The registration section of the event page: the viewer's own registration and what they can do with it
 * (cancel, take or give up an offered seat), else a way to register (or to log in first), seats left; for
 * organisers, links to registrations, questions and invitations.
 */
export const registrationPanel: EventPanel = async ({ request, view, space, event, canManage, now }) => {
  const db = request.server.services.db;
  const path = eventPath(space.slug, event.slug);
  if (event.status === "draft" && !canManage) return null;
  const pool = await findSeatPool(db, EVENT_POOL, event.id);
  const counts = pool ? await seatCounts(db, pool.id) : null;
  const isOpen = isRegistrationOpen(event, now);
  const registration = view.user ? await viewerRegistration(db, event.id, view.user.id) : undefined;
  let body;
  let action = null;
  if (event.isExternal) {
    body = html`<p>${view.t("events.registration.external_note")}</p>
${event.externalUrl ? html`<p><a class="button" href="${event.externalUrl}" rel="noopener">${view.t("events.registration.external_link")}</a></p>` : ""}`;
  } else if (registration) {
    body = registrationStatusBox(view, { path, event, registration, isOpen });
  } else if (!isOpen) {
    body = html`<p>${view.t("events.registration.closed_note")}</p>`;
  } else {
    const link = view.user ? `${path}/register` : `/login?next=${encodeURIComponent(`${path}/register`)}`;
    const button = html`<a class="button" href="${link}">${view.t(view.user ? "events.registration.register" : "events.registration.log_in_to_register")}</a>`;
    body = html`${capacityNote(view, event, counts)}
<p>${button}</p>`;
    // registering is what most readers came for: the same button under the title, not only after the agenda
    action = button;
  }
  return {
    main: html`<section class="event-registration" id="registration" aria-labelledby="event-registration-heading">
<h2 id="event-registration-heading">${view.t("events.registration.heading")}</h2>
${body}
</section>`,
    aside: canManage ? organiserLinks(view, path, event, counts) : null,
    action,
  };
};
