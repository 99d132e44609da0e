import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { LOCALES } from "../../../platform/i18n/locales";
import { errorSummary, fieldId, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { scrollableTable } from "../../../platform/views/table";
import type { ViewedSpace } from "../../spaces/queries";
import { eventPath, type EventView } from "../queries";
import { UNCONFERENCE_STATES } from "../schema";
import { PROPOSAL_DESCRIPTION_MAX, PROPOSAL_FORMATS, PROPOSAL_TITLE_MAX } from "./commands/submit-proposal";
import type { ProposalView, SchedulePlacement, UnconferenceRoom, UnconferenceSettings, UnconferenceSlot } from "./queries";

export type UnconferenceData = {
  space: ViewedSpace;
  event: EventView;
  settings: UnconferenceSettings;
  rooms: UnconferenceRoom[];
  slots: UnconferenceSlot[];
  proposals: ProposalView[];
  schedule: SchedulePlacement[];
  myVotes: Set<string>;
  canManage: boolean;
};

/** "12 May, 10:00–11:00" in the event's own zone (the zone is named once on the page). */
export function slotLabel(view: ViewContext, slot: Pick<UnconferenceSlot, "startsAt" | "endsAt">, timeZone: string): string {
  const day = new Intl.DateTimeFormat(view.locale, { day: "numeric", month: "short", timeZone });
  const time = new Intl.DateTimeFormat(view.locale, { hour: "2-digit", minute: "2-digit", timeZone });
  return `${day.format(slot.startsAt)}, ${time.format(slot.startsAt)}–${time.format(slot.endsAt)}`;
}

export const unconferencePath = (space: ViewedSpace, event: EventView): string => `${eventPath(space.slug, event.slug)}/unconference`;

/** The schedule as a table: slots down, rooms across; each cell the session's title (and its host). */
export function scheduleTable(view: ViewContext, data: Pick<UnconferenceData, "rooms" | "slots" | "schedule" | "proposals" | "event">): SafeHtml {
  const { t } = view;
  const byCell = new Map(data.schedule.map((placement) => [`${placement.slotId}/${placement.roomId}`, placement]));
  const proposals = new Map(data.proposals.map((proposal) => [proposal.id, proposal]));
  return scrollableTable(
    t("events.unconference.schedule.caption"),
    html`<table>
<thead><tr><th scope="col">${t("events.unconference.schedule.slot", { zone: data.event.timeZone })}</th>${data.rooms.map((room) => html`<th scope="col">${room.name} <span class="muted">(${t("events.unconference.room.capacity_short", { count: room.capacity })})</span></th>`)}</tr></thead>
<tbody>${data.slots.map((slot) => html`<tr><th scope="row">${slotLabel(view, slot, data.event.timeZone)}</th>${data.rooms.map((room) => {
      const placement = byCell.get(`${slot.id}/${room.id}`);
      const proposal = placement ? proposals.get(placement.proposalId) : undefined;
      if (!proposal) return html`<td class="muted">—</td>`;
      return html`<td lang="${proposal.language || undefined}">${proposal.title}${proposal.hostName ? html`<br><span class="muted">${proposal.hostName}</span>` : ""}${placement?.isPinned ? html`<br><span class="badge">${t("events.unconference.schedule.pinned")}</span>` : ""}</td>`;
    })}</tr>`)}</tbody>
</table>`,
  );
}

function slotChoices(view: ViewContext, form: FormState, name: string, legend: string, hint: string, slots: UnconferenceSlot[], timeZone: string): SafeHtml {
  const raw = form.values[name];
  const picked = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? [raw] : []);
  const error = form.errors[name];
  return html`<fieldset class="field${error ? " has-error" : ""}" id="${fieldId(name)}"><legend>${legend}</legend><p class="hint">${hint}</p>
${error ? html`<p class="field-error">${view.t(error.key, error.values)}</p>` : ""}
${slots.map((slot) => html`<div class="checkbox"><input type="checkbox" id="${name}-${slot.id}" name="${name}" value="${slot.id}"${picked.has(slot.id) ? html` checked` : ""}><label for="${name}-${slot.id}">${slotLabel(view, slot, timeZone)}</label></div>`)}
</fieldset>`;
}

/** The propose form (title, description, format, language, slots the host can make and prefers). */
export function proposeForm(view: ViewContext, data: UnconferenceData, form: FormState): SafeHtml {
  const { t } = view;
  return html`<section aria-labelledby="propose"><h2 id="propose">${t("events.unconference.propose.title")}</h2>
<p>${t("events.unconference.propose.lead")}</p>
${postForm(view, `${unconferencePath(data.space, data.event)}/proposals`, html`${errorSummary(view, form)}
${textField(view, form, { name: "title", label: t("events.unconference.propose.field_title"), isRequired: true, maxLength: PROPOSAL_TITLE_MAX })}
${textArea(view, form, { name: "description", label: t("events.unconference.propose.field_description"), hint: t("events.unconference.propose.description_hint", { max: PROPOSAL_DESCRIPTION_MAX }), rows: 4 })}
${selectField(view, form, { name: "format", label: t("events.unconference.propose.field_format"), choices: PROPOSAL_FORMATS.map((format) => ({ value: format, label: t(`events.unconference.format.${format}`) })) })}
${selectField(view, form, { name: "language", label: t("events.unconference.propose.field_language"), choices: LOCALES.map((locale) => ({ value: locale.code, label: locale.name })) })}
${data.slots.length ? slotChoices(view, form, "availableSlotIds", t("events.unconference.propose.available"), t("events.unconference.propose.available_hint"), data.slots, data.event.timeZone) : ""}
${data.slots.length ? slotChoices(view, form, "preferredSlotIds", t("events.unconference.propose.preferred"), t("events.unconference.propose.preferred_hint"), data.slots, data.event.timeZone) : ""}
<button type="submit">${t("events.unconference.propose.submit")}</button>`)}
</section>`;
}

function proposalCard(view: ViewContext, data: UnconferenceData, proposal: ProposalView, isVotingOpen: boolean, votesLeft: number): SafeHtml {
  const { t } = view;
  const base = unconferencePath(data.space, data.event);
  const hasVoted = data.myVotes.has(proposal.id);
  const isOwn = view.user?.id === proposal.hostUserId;
  const voteButton = view.user && isVotingOpen && proposal.status === "published"
    ? postForm(view, `${base}/proposals/${proposal.id}/vote`, html`<input type="hidden" name="vote" value="${hasVoted ? "remove" : "add"}">
<button type="submit"${!hasVoted && votesLeft === 0 ? html` disabled` : ""}>${hasVoted ? t("events.unconference.vote.remove") : t("events.unconference.vote.add")}</button>`, { className: "inline-form" })
    : "";
  return html`<li class="card" id="proposal-${proposal.id}">
<h3 lang="${proposal.language || undefined}">${proposal.title}</h3>
<p class="muted">${t(`events.unconference.format.${proposal.format}`)} · ${proposal.hostName ?? t("events.unconference.proposal.no_host")} · ${t("events.unconference.proposal.votes", { count: proposal.votes })}${hasVoted ? html` · <strong>${t("events.unconference.vote.yours")}</strong>` : ""}</p>
${proposal.status !== "published" ? html`<p class="notice">${t(`events.unconference.proposal.status_${proposal.status}`)}${proposal.moderationReason ? html` ${proposal.moderationReason}` : ""}</p>` : ""}
${proposal.description ? html`<p lang="${proposal.language || undefined}">${proposal.description}</p>` : ""}
${voteButton}
${isOwn ? postForm(view, `${base}/proposals/${proposal.id}/withdraw`, html`<button type="submit" class="link-button">${t("events.unconference.proposal.withdraw")}</button>`, { className: "inline-form" }) : ""}
</li>`;
}

/** The unconference page of an event: how it works now, proposals to vote on, the propose form, the schedule. */
export function unconferencePage(view: ViewContext, data: UnconferenceData, forms: { propose?: FormState; vote?: string } = {}): string {
  const { t } = view;
  const { settings, event, space } = data;
  const title = localize(event.title, view.locale);
  const isVotingOpen = settings.state === "proposals" || settings.state === "voting";
  const votesLeft = Math.max(0, settings.votesPerPerson - data.myVotes.size);
  const showSchedule = settings.state === "published" || (data.canManage && data.schedule.length > 0);
  const body = html`<h1>${t("events.unconference.title")}</h1>
<p class="lead">${t(`events.unconference.state_lead.${settings.state}`)}</p>
${data.canManage ? html`<p><a href="${unconferencePath(space, event)}/manage">${t("events.unconference.manage.link")}</a></p>` : ""}
${forms.vote ? html`<p class="field-error" role="alert">${t(forms.vote)}</p>` : ""}
${view.user && isVotingOpen ? html`<p>${t("events.unconference.vote.left", { count: votesLeft, total: settings.votesPerPerson })}</p>` : ""}
${!view.user && settings.state !== "closed" ? html`<p><a href="/login?next=${encodeURIComponent(unconferencePath(space, event))}">${t("events.unconference.sign_in")}</a></p>` : ""}
${showSchedule ? html`<section aria-labelledby="schedule"><h2 id="schedule">${t("events.unconference.schedule.title")}</h2>${scheduleTable(view, data)}</section>` : ""}
<section aria-labelledby="proposals"><h2 id="proposals">${t("events.unconference.proposals.title")} (${data.proposals.filter((p) => p.status === "published").length})</h2>
${data.proposals.length ? html`<ul class="cards">${data.proposals.map((proposal) => proposalCard(view, data, proposal, isVotingOpen, votesLeft))}</ul>` : html`<p class="muted">${t("events.unconference.proposals.empty")}</p>`}
</section>
${view.user && settings.state === "proposals" ? proposeForm(view, data, forms.propose ?? { values: { format: "discussion", language: view.locale }, errors: {} }) : ""}`;
  return renderPage(view, {
    title: `${t("events.unconference.title")} · ${title.text}`,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("events.title"), href: `/spaces/${space.slug}/events` }, { label: title, href: eventPath(space.slug, event.slug) }, { label: t("events.unconference.title") }],
    body,
  });
}

export type ManageForms = { settings?: FormState; room?: FormState; slot?: FormState; pin?: FormState; notes?: FormState; action?: { key: string } };
export type ManageExtras = { held: ProposalView[]; consultations: { value: string; label: string }[]; sessions: { id: string; proposalId: string; consultationTopicId: string | null }[] };

function reportSection(view: ViewContext, data: UnconferenceData): HtmlValue {
  const { t } = view;
  const report = data.settings.buildReport;
  if (!report) return "";
  const titles = new Map(data.proposals.map((proposal) => [proposal.id, proposal.title]));
  const share = report.quality.totalVotes ? Math.round((100 * report.quality.votesWithoutConflict) / report.quality.totalVotes) : 100;
  return html`<section aria-labelledby="report"><h3 id="report">${t("events.unconference.report.title")}</h3>
<p>${t("events.unconference.report.figures", { share, placed: report.quality.placedVotes, total: report.quality.totalVotes, conflicts: report.quality.conflicts, overflow: report.quality.overflow })}</p>
${report.unplaced.length ? html`<p>${t("events.unconference.report.unplaced")}</p><ul>${report.unplaced.map((entry) => html`<li><strong>${titles.get(entry.proposalId) ?? entry.proposalId}</strong> (${t("events.unconference.proposal.votes", { count: entry.votes })}): ${t(`events.unconference.unplaced.${entry.reason}`)}</li>`)}</ul>` : html`<p>${t("events.unconference.report.all_placed")}</p>`}
${report.problems.length ? html`<p>${t("events.unconference.report.problems")}</p><ul>${report.problems.map((problem) => html`<li><strong>${titles.get(problem.proposalId) ?? t("events.unconference.report.gone")}</strong>: ${t(`events.unconference.problem.${problem.code}`)}</li>`)}</ul>` : ""}
</section>`;
}

/** The organisers' page: state and votes, rooms and slots, held proposals, build, pin, publish, notes topics. */
export function managePage(view: ViewContext, data: UnconferenceData, extras: ManageExtras, forms: ManageForms = {}): string {
  const { t } = view;
  const { settings, event, space } = data;
  const base = `${unconferencePath(space, event)}/manage`;
  const title = localize(event.title, view.locale);
  const settingsForm = forms.settings ?? { values: { state: settings.state, votesPerPerson: settings.votesPerPerson }, errors: {} };
  const roomForm = forms.room ?? { values: {}, errors: {} };
  const slotForm = forms.slot ?? { values: { startsAt: "", endsAt: "" }, errors: {} };
  const pinForm = forms.pin ?? { values: {}, errors: {} };
  const notesForm = forms.notes ?? { values: {}, errors: {} };
  const proposals = new Map(data.proposals.map((proposal) => [proposal.id, proposal]));
  const cells = data.slots.flatMap((slot) => data.rooms.map((room) => ({ value: `${slot.id}/${room.id}`, label: `${slotLabel(view, slot, event.timeZone)} · ${room.name}` })));
  const body = html`<h1>${t("events.unconference.manage.title")}</h1>
<p><a href="${unconferencePath(space, event)}">${t("events.unconference.manage.back")}</a></p>
${forms.action ? html`<p class="field-error" role="alert">${t(forms.action.key)}</p>` : ""}
<section aria-labelledby="settings"><h2 id="settings">${t("events.unconference.manage.settings")}</h2>
${postForm(view, `${base}/settings`, html`${errorSummary(view, settingsForm)}
${selectField(view, settingsForm, { name: "state", label: t("events.unconference.manage.state"), hint: t("events.unconference.manage.state_hint"), choices: UNCONFERENCE_STATES.filter((state) => state !== "published" || settings.state === "published").map((state) => ({ value: state, label: t(`events.unconference.state.${state}`) })) })}
${textField(view, settingsForm, { name: "votesPerPerson", label: t("events.unconference.manage.votes_per_person"), type: "number", isRequired: true })}
<button type="submit">${t("events.unconference.manage.save")}</button>`)}
</section>
<section aria-labelledby="rooms"><h2 id="rooms">${t("events.unconference.manage.rooms")}</h2>
${data.rooms.length ? html`<ul>${data.rooms.map((room) => html`<li>${room.name} — ${t("events.unconference.room.capacity_short", { count: room.capacity })} ${postForm(view, `${base}/rooms/${room.id}/delete`, html`<button type="submit" class="link-button">${t("events.unconference.manage.remove")} <span class="sr-only">${room.name}</span></button>`, { className: "inline-form" })}</li>`)}</ul>` : html`<p class="muted">${t("events.unconference.manage.no_rooms")}</p>`}
${postForm(view, `${base}/rooms`, html`${textField(view, roomForm, { name: "name", label: t("events.unconference.manage.room_name"), isRequired: true })}
${textField(view, roomForm, { name: "capacity", label: t("events.unconference.manage.room_capacity"), type: "number", isRequired: true })}
<button type="submit">${t("events.unconference.manage.add_room")}</button>`)}
</section>
<section aria-labelledby="slots"><h2 id="slots">${t("events.unconference.manage.slots")}</h2>
${data.slots.length ? html`<ul>${data.slots.map((slot) => html`<li>${slotLabel(view, slot, event.timeZone)} ${postForm(view, `${base}/slots/${slot.id}/delete`, html`<button type="submit" class="link-button">${t("events.unconference.manage.remove")} <span class="sr-only">${slotLabel(view, slot, event.timeZone)}</span></button>`, { className: "inline-form" })}</li>`)}</ul>` : html`<p class="muted">${t("events.unconference.manage.no_slots")}</p>`}
${postForm(view, `${base}/slots`, html`<p class="hint">${t("events.unconference.manage.slot_hint", { zone: event.timeZone })}</p>
${textField(view, slotForm, { name: "startsAt", label: t("events.unconference.manage.slot_starts"), type: "datetime-local", isRequired: true })}
${textField(view, slotForm, { name: "endsAt", label: t("events.unconference.manage.slot_ends"), type: "datetime-local", isRequired: true })}
<button type="submit">${t("events.unconference.manage.add_slot")}</button>`)}
</section>
<section aria-labelledby="held"><h2 id="held">${t("events.unconference.manage.held")} (${extras.held.length})</h2>
${extras.held.length ? html`<ul class="cards">${extras.held.map((proposal) => html`<li class="card" id="proposal-${proposal.id}"><h3>${proposal.title}</h3><p class="muted">${proposal.hostName ?? ""} · ${proposal.moderationReason}</p><p>${proposal.description}</p>
${postForm(view, `${base}/decide`, html`<input type="hidden" name="proposalId" value="${proposal.id}"><button type="submit" name="decision" value="approve">${t("events.unconference.manage.approve")}</button> <button type="submit" name="decision" value="hide" class="secondary">${t("events.unconference.manage.hide")}</button>
<label for="reason-${proposal.id}">${t("events.unconference.manage.hide_reason")}</label><input id="reason-${proposal.id}" name="reason">`)}</li>`)}</ul>` : html`<p class="muted">${t("events.unconference.manage.none_held")}</p>`}
</section>
<section aria-labelledby="build"><h2 id="build">${t("events.unconference.manage.build_title")}</h2>
<p>${t("events.unconference.manage.build_lead")}</p>
${postForm(view, `${base}/build`, html`<button type="submit">${t("events.unconference.manage.build")}</button>`)}
${reportSection(view, data)}
${data.schedule.length ? scheduleTable(view, data) : ""}
${data.proposals.some((p) => p.status === "published") && cells.length ? postForm(view, `${base}/pin`, html`<h3>${t("events.unconference.manage.pin_title")}</h3>${errorSummary(view, pinForm)}
${selectField(view, pinForm, { name: "proposalId", label: t("events.unconference.manage.pin_proposal"), choices: data.proposals.filter((p) => p.status === "published").map((p) => ({ value: p.id, label: p.title })) })}
${selectField(view, pinForm, { name: "cell", label: t("events.unconference.manage.pin_cell"), choices: cells })}
<button type="submit">${t("events.unconference.manage.pin")}</button>`) : ""}
${data.schedule.filter((p) => p.isPinned).length ? html`<ul>${data.schedule.filter((p) => p.isPinned).map((p) => html`<li>${proposals.get(p.proposalId)?.title ?? ""} ${postForm(view, `${base}/unpin`, html`<input type="hidden" name="proposalId" value="${p.proposalId}"><button type="submit" class="link-button">${t("events.unconference.manage.unpin")}</button>`, { className: "inline-form" })}</li>`)}</ul>` : ""}
</section>
<section aria-labelledby="publish"><h2 id="publish">${t("events.unconference.manage.publish_title")}</h2>
<p>${t("events.unconference.manage.publish_lead")}</p>
${postForm(view, `${base}/publish`, html`<button type="submit"${data.schedule.length ? "" : html` disabled`}>${t("events.unconference.manage.publish")}</button>`)}
</section>
${extras.sessions.length ? html`<section aria-labelledby="notes"><h2 id="notes">${t("events.unconference.manage.notes_title")}</h2><p>${t("events.unconference.manage.notes_lead")}</p>
${extras.consultations.length ? postForm(view, `${base}/notes`, html`${errorSummary(view, notesForm)}
${selectField(view, notesForm, { name: "sessionId", label: t("events.unconference.manage.notes_session"), choices: extras.sessions.filter((s) => !s.consultationTopicId).map((s) => ({ value: s.id, label: proposals.get(s.proposalId)?.title ?? "" })) })}
${selectField(view, notesForm, { name: "group", label: t("events.unconference.manage.notes_group"), choices: extras.consultations })}
<button type="submit">${t("events.unconference.manage.notes_open")}</button>`) : html`<p class="muted">${t("events.unconference.manage.notes_none")}</p>`}
</section>` : ""}`;
  return renderPage(view, {
    title: `${t("events.unconference.manage.title")} · ${title.text}`,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: title, href: eventPath(space.slug, event.slug) }, { label: t("events.unconference.title"), href: unconferencePath(space, event) }, { label: t("events.unconference.manage.title") }],
    body,
  });
}
