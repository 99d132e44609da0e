import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { listSpokenLanguages } from "../../knowledge/experts/languages";
import { checkboxPicker } from "../../../platform/views/checkbox-picker";
import { errorSummary, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel } from "../../../platform/views/localized";
import { TIME_ZONES, MAX_ITEMS, MAX_TAGS } from "../inputs";
import { mentoringPath, type MenteeView, type MentorView, type PairView } from "../queries";
import { crumbs, itemLabels, languageList, MENTORING_STYLES, topicList, type ItemLabels, type SpaceRef } from "./shared";
import type { FrameworkItem, FrameworkRef } from "../../spaces/queries";
import type { ProgrammeView } from "../../programmes/queries";

export type HomeData = {
  space: SpaceRef;
  isOrganiser: boolean;
  mentors: MentorView[];
  frameworks: { framework: FrameworkRef; items: FrameworkItem[] }[];
  /** The viewer's own offer, request and pairs (null when not signed in). */
  own: { offer: MentorView | undefined; request: MenteeView | undefined; pairs: PairView[] } | null;
};

function mentorCard(view: ViewContext, labels: ItemLabels, mentor: MentorView): SafeHtml {
  const { t } = view;
  return html`<li class="card"><h3>${mentor.displayName}</h3>
${mentor.bio ? html`<p class="mentoring-notes">${mentor.bio}</p>` : ""}
<dl class="mentoring-facts">
  <dt>${t("mentoring.field.expertise")}</dt><dd>${topicList(view, labels, mentor.itemIds, mentor.tags)}</dd>
  <dt>${t("mentoring.field.languages")}</dt><dd>${languageList(view, mentor.languages)}</dd>
  <dt>${t("mentoring.field.time_zone")}</dt><dd>${mentor.timeZone}</dd>
  <dt>${t("mentoring.field.places")}</dt><dd>${mentor.activePairs < mentor.capacity ? t("mentoring.places.free") : t("mentoring.places.full")}</dd>
</dl></li>`;
}

function ownPart(view: ViewContext, data: HomeData, own: NonNullable<HomeData["own"]>): SafeHtml {
  const { t, format } = view;
  const path = mentoringPath(data.space.slug);
  const { offer, request } = own;
  const offerPart = offer && offer.status !== "withdrawn"
    ? html`<p>${t(`mentoring.offer.state.${offer.status}`)} ${t("mentoring.load", { active: offer.activePairs, capacity: offer.capacity })}</p>
<div class="mentoring-actions"><a href="${path}/offer">${t("mentoring.offer.edit")}</a>
${postForm(view, `${path}/offer/status`, html`<input type="hidden" name="status" value="${offer.status === "open" ? "paused" : "open"}"><button type="submit" class="secondary">${t(offer.status === "open" ? "mentoring.offer.pause" : "mentoring.offer.resume")}</button>`, { className: "inline-form" })}
${postForm(view, `${path}/offer/status`, html`<input type="hidden" name="status" value="withdrawn"><button type="submit" class="danger">${t("mentoring.offer.withdraw")}</button>`, { className: "inline-form" })}</div>`
    : html`<p><a href="${path}/offer">${t("mentoring.offer.start")}</a></p>`;
  const requestPart = request && (request.status === "waiting" || request.status === "paired")
    ? html`<p>${request.status === "waiting" ? t("mentoring.request.state.waiting", { since: format.date(request.createdAt) }) : t("mentoring.request.state.paired")}</p>
<div class="mentoring-actions"><a href="${path}/request">${t("mentoring.request.edit")}</a>
${postForm(view, `${path}/request/withdraw`, html`<button type="submit" class="danger">${t("mentoring.request.withdraw")}</button>`, { className: "inline-form" })}</div>`
    : html`<p><a href="${path}/request">${t("mentoring.request.start")}</a></p>`;
  return html`<section aria-labelledby="own-heading"><h2 id="own-heading">${t("mentoring.own.heading")}</h2>
<h3>${t("mentoring.own.offer")}</h3>${offerPart}
<h3>${t("mentoring.own.request")}</h3>${requestPart}
${own.pairs.length
  ? html`<h3>${t("mentoring.own.pairs")}</h3><ul>${own.pairs.map((pair) => html`<li><a href="${path}/pairs/${pair.id}">${t(view.user?.id === pair.mentorUserId ? "mentoring.pair.with_mentee" : "mentoring.pair.with_mentor", { name: view.user?.id === pair.mentorUserId ? pair.mentee.displayName : pair.mentor.displayName })}</a> <span class="tag">${t(`mentoring.pair.status.${pair.status}`)}</span></li>`)}</ul>`
  : ""}
</section>`;
}

/** /spaces/:slug/mentoring — what mentoring is here, the listed mentors, and one's own offer, request and pairs. */
export function mentoringHomePage(view: ViewContext, data: HomeData): string {
  const { t } = view;
  const labels = itemLabels(view, data.frameworks);
  const path = mentoringPath(data.space.slug);
  const freeMentors = data.mentors.filter((mentor) => mentor.activePairs < mentor.capacity).length;
  // The next step, first: organisers go on to their pairing page; a visitor signs in; a newcomer asks for a mentor
  // (or, once asked, offers to be one).
  const hasRequest = Boolean(data.own?.request && (data.own.request.status === "waiting" || data.own.request.status === "paired"));
  const hasOffer = Boolean(data.own?.offer && data.own.offer.status !== "withdrawn");
  const next = [
    ...(data.isOrganiser ? [{ label: t("mentoring.organise.link"), href: `${path}/organise` }] : []),
    ...(data.own ? [] : [{ label: t("nav.login"), href: `/login?next=${encodeURIComponent(path)}` }]),
    ...(data.own && !hasRequest ? [{ label: t("mentoring.request.start"), href: `${path}/request` }] : []),
    ...(data.own && !hasOffer ? [{ label: t("mentoring.offer.start"), href: `${path}/offer` }] : []),
  ];
  return renderPage(view, {
    title: `${t("mentoring.title")} · ${localize(data.space.title, view.locale).text}`,
    breadcrumbs: crumbs(view, data.space).slice(0, 2),
    head: MENTORING_STYLES.link(),
    body: html`${pageHeader({
  kind: localizedLabel(view, data.space.title),
  title: t("mentoring.title"),
  facts: [t("mentoring.page.mentor_count", { count: data.mentors.length }), t("mentoring.page.free_count", { count: freeMentors })],
  primary: next[0],
  secondary: next.slice(1),
})}
<p class="lead">${t("mentoring.lead")}</p>
${data.own ? ownPart(view, data, data.own) : html`<p class="notice"><a href="/login?next=${encodeURIComponent(path)}">${t("mentoring.sign_in")}</a></p>`}
<section aria-labelledby="mentors-heading"><h2 id="mentors-heading">${t("mentoring.mentors.heading")}</h2>
${data.mentors.length ? html`<ul class="cards">${data.mentors.map((mentor) => mentorCard(view, labels, mentor))}</ul>` : html`<p class="muted">${t("mentoring.mentors.none")}</p>`}
</section>`,
  });
}

export type ProfileFormData = {
  space: SpaceRef; kind: "offer" | "request"; form: FormState; frameworks: HomeData["frameworks"];
  /** The space's programmes a person may link the offer or request to (drafts left out). */
  programmes: Pick<ProgrammeView, "id" | "title">[];
  isExisting: boolean;
};

/** The mentor's offer or the mentee's request: who, expertise or needs, languages, time zone (and capacity). */
export function profileFormPage(view: ViewContext, data: ProfileFormData): string {
  const { t } = view;
  const { form, kind } = data;
  const title = t(`mentoring.${kind}.title`);
  const groups = data.frameworks.map((entry) => ({
    label: localize(entry.framework.name, view.locale).text,
    choices: entry.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localize(item.label, view.locale).text}` })),
  }));
  const labels: Record<string, string> = {
    displayName: t("mentoring.field.display_name"), bio: t("mentoring.field.bio"), needs: t("mentoring.field.needs"), itemIds: t(`mentoring.field.items_${kind}`),
    tags: t("mentoring.field.tags"), languages: t("mentoring.field.languages"), timeZone: t("mentoring.field.time_zone"), capacity: t("mentoring.field.capacity"),
    programmeId: t("mentoring.field.programme"),
  };
  const fields = html`${textField(view, form, { name: "displayName", label: labels.displayName!, hint: t("mentoring.field.display_name_hint"), isRequired: true, autocomplete: "name", maxLength: 120 })}
${kind === "offer"
  ? textArea(view, form, { name: "bio", label: labels.bio!, hint: t("mentoring.field.bio_hint"), rows: 4 })
  : textArea(view, form, { name: "needs", label: labels.needs!, hint: t("mentoring.field.needs_hint"), rows: 5 })}
${groups.length ? checkboxPicker(view, form, { name: "itemIds", legend: labels.itemIds!, hint: t("mentoring.field.items_hint", { max: MAX_ITEMS }), groups }) : ""}
${textField(view, form, { name: "tags", label: labels.tags!, hint: t("mentoring.field.tags_hint", { max: MAX_TAGS }) })}
${checkboxPicker(view, form, { name: "languages", legend: labels.languages!, hint: t("mentoring.field.languages_hint"), groups: [{ label: "", choices: listSpokenLanguages(view.locale).map((language) => ({ value: language.code, label: language.name })) }] })}
${selectField(view, form, { name: "timeZone", label: labels.timeZone!, hint: t("mentoring.field.time_zone_hint"), isRequired: true, placeholder: t("mentoring.field.time_zone_choose"), choices: TIME_ZONES.map((zone) => ({ value: zone, label: zone })) })}
${kind === "offer" ? textField(view, form, { name: "capacity", type: "number", label: labels.capacity!, hint: t("mentoring.field.capacity_hint"), isRequired: true }) : ""}
${data.programmes.length
  ? selectField(view, form, { name: "programmeId", label: labels.programmeId!, hint: t("mentoring.field.programme_hint"), placeholder: "—", choices: data.programmes.map((programme) => ({ value: programme.id, label: localize(programme.title, view.locale).text })) })
  : ""}`;
  const general = form.errors._;
  return renderPage(view, {
    title,
    breadcrumbs: [...crumbs(view, data.space), { label: title }],
    head: MENTORING_STYLES.link(),
    body: html`<h1>${title}</h1>
<p class="lead">${t(`mentoring.${kind}.lead`)}</p>
${general ? html`<div class="error-summary" role="alert"><p>${t(general.key, general.values)}</p></div>` : ""}
${errorSummary(view, { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) }, labels)}
${postForm(view, `${mentoringPath(data.space.slug)}/${kind}`, html`${fields}<button type="submit">${t(data.isExisting ? "form.save" : `mentoring.${kind}.submit`)}</button> <a href="${mentoringPath(data.space.slug)}">${t("form.cancel")}</a>`, { className: "wide" })}`,
  });
}
