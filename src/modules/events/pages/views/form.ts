import { listCountries } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { checkboxPicker, type PickerGroup } from "../../../../platform/views/checkbox-picker";
import { formSection, formSections } from "../../../../platform/views/components";
import { checkboxField, errorSummary, localizedFields, localizedFromForm, localizedToForm, postForm, selectField, textField, type FormState } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import { languageName } from "../../../../platform/views/localized";
import { EVENT_LANGUAGES, wallClock, type EventRawInput } from "../../inputs";
import { eventPath, type EventView } from "../../queries";
import { EVENT_KINDS, EVENT_VISIBILITIES, REGISTRATION_MODES } from "../../schema";
import { TIME_ZONES } from "../time";

export type EventFormData = {
  space: { slug: string; title: LocalizedText };
  /** The event being edited; absent for a new one. */
  event?: EventView;
  form: FormState;
  frameworks: { framework: { name: LocalizedText }; items: { id: string; number: string | null; label: LocalizedText }[] }[];
  series: { id: string; title: LocalizedText }[];
  organisations: { id: string; name: LocalizedText }[];
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : []);

/** The posted form as readEventInput takes it (field names are the error keys, so each error lands beside its field). */
export function eventInputFromForm(body: Record<string, unknown>): EventRawInput {
  return {
    slug: text(body.slug),
    kind: text(body.kind),
    visibility: text(body.visibility),
    title: localizedFromForm(body, "title"),
    summary: localizedFromForm(body, "summary"),
    description: localizedFromForm(body, "description"),
    accessibility: localizedFromForm(body, "accessibility"),
    startsAt: text(body.starts_at),
    endsAt: text(body.ends_at),
    timeZone: text(body.time_zone),
    venueName: text(body.venue_name),
    venueAddress: text(body.venue_address),
    country: text(body.country),
    mapUrl: text(body.map_url),
    meetingUrl: text(body.meeting_url),
    languages: list(body.languages),
    interpretation: list(body.interpretation),
    themes: text(body.themes),
    targetIds: list(body.targets),
    seriesId: text(body.series),
    organisationIds: list(body.organisers),
    isExternal: text(body.is_external),
    externalUrl: text(body.external_url),
    registrationMode: text(body.registration_mode),
    // An unchecked box posts nothing: here that means "no", not "keep the default".
    allowsOrganisation: text(body.allows_organisation) || "false",
    registrationClosesAt: text(body.registration_closes_at),
    capacity: text(body.capacity),
    offerHours: text(body.offer_hours),
  };
}

/** A saved event as its edit form shows it (wall-clock times in the event's zone). */
export function eventFormValues(event: EventView, extra: { organisationIds: string[]; capacity: number | null; offerHours: number; meetingUrl: string | null }): Record<string, unknown> {
  return {
    slug: event.slug,
    kind: event.kind,
    visibility: event.visibility,
    ...localizedToForm("title", event.title),
    ...localizedToForm("summary", event.summary),
    ...localizedToForm("description", event.description),
    ...localizedToForm("accessibility", event.accessibility),
    starts_at: wallClock(event.startsAt, event.timeZone),
    ends_at: wallClock(event.endsAt, event.timeZone),
    time_zone: event.timeZone,
    venue_name: event.venueName,
    venue_address: event.venueAddress,
    country: event.country,
    map_url: event.mapUrl ?? "",
    meeting_url: extra.meetingUrl ?? "",
    languages: event.languages,
    interpretation: event.interpretation,
    themes: event.themes.join(", "),
    targets: event.targetIds,
    series: event.seriesId ?? "",
    organisers: extra.organisationIds,
    is_external: event.isExternal ? "on" : "",
    external_url: event.externalUrl ?? "",
    registration_mode: event.registrationMode,
    allows_organisation: event.allowsOrganisation ? "on" : "",
    registration_closes_at: event.registrationClosesAt ? wallClock(event.registrationClosesAt, event.timeZone) : "",
    capacity: extra.capacity ?? "",
    offer_hours: extra.offerHours,
  };
}

function languageBoxes(view: ViewContext, form: FormState, name: string, legend: string): SafeHtml {
  const picked = new Set(list(form.values[name]));
  const error = form.errors[name];
  return html`<fieldset class="field${error ? " has-error" : ""}" id="field-${name}"><legend>${legend}</legend>
  ${error ? html`<p class="field-error">${view.t(error.key, error.values)}</p>` : ""}
  <ul class="picker-group">${EVENT_LANGUAGES.map((code) => html`<li><input type="checkbox" id="${name}-${code}" name="${name}" value="${code}"${picked.has(code) ? html` checked` : ""}><label for="${name}-${code}">${languageName(code, view.locale)}</label></li>`)}</ul>
</fieldset>`;
}

/** /spaces/:slug/events/new and …/:event/edit — the organisers' form, in sections; errors beside their fields. */
export function eventFormPage(view: ViewContext, data: EventFormData): string {
  const { t } = view;
  const { form, space, event } = data;
  const title = event ? t("events.pages.edit_title") : t("events.pages.new_title");
  const action = event ? `${eventPath(space.slug, event.slug)}/edit` : `/spaces/${space.slug}/events/new`;
  const labels: Record<string, string> = {
    title: t("events.field.title"), summary: t("events.field.summary"), description: t("events.field.description"), slug: t("events.field.slug"),
    kind: t("events.field.kind"), visibility: t("events.field.visibility"), starts_at: t("events.field.starts_at"), ends_at: t("events.field.ends_at"),
    time_zone: t("events.field.time_zone"), venue_name: t("events.field.venue_name"), venue_address: t("events.field.venue_address"),
    country: t("events.field.country"), map_url: t("events.field.map_url"), meeting_url: t("events.field.meeting_url"),
    languages: t("events.field.languages"), interpretation: t("events.field.interpretation"), accessibility: t("events.field.accessibility"),
    themes: t("events.field.themes"), targets: t("events.field.targets"), series: t("events.field.series"), organisers: t("events.field.organisers"),
    is_external: t("events.field.is_external"), external_url: t("events.field.external_url"), registration_mode: t("events.field.registration_mode"),
    allows_organisation: t("events.field.allows_organisation"), registration_closes_at: t("events.field.registration_closes_at"),
    capacity: t("events.field.capacity"), offer_hours: t("events.field.offer_hours"), _: t("events.pages.form_problem"),
  };
  const targetGroups: PickerGroup[] = data.frameworks.map((group) => ({
    label: localizedString(group.framework.name, view.locale),
    choices: group.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localize(item.label, view.locale).text}` })),
  }));
  const sections = {
    what: { id: "event-what", label: t("events.pages.section_what") },
    when: { id: "event-when", label: t("events.pages.section_when") },
    where: { id: "event-where", label: t("events.pages.section_where") },
    who: { id: "event-who", label: t("events.pages.section_who") },
    registration: { id: "event-registration", label: t("events.pages.section_registration") },
  };
  return renderPage(view, {
    title,
    breadcrumbs: [
      { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
      { label: t("events.title"), href: `/spaces/${space.slug}/events` },
      ...(event ? [{ label: localize(event.title, view.locale), href: eventPath(space.slug, event.slug) }] : []),
      { label: title },
    ],
    body: html`<h1>${title}</h1>
${errorSummary(view, form, labels)}
<div class="form-with-sections">${formSections(view, Object.values(sections))}
${postForm(view, action, html`
${formSection(sections.what, html`
${localizedFields(view, form, { name: "title", label: labels.title!, isRequired: true })}
${localizedFields(view, form, { name: "summary", label: labels.summary!, hint: t("events.field.summary_hint") })}
${localizedFields(view, form, { name: "description", label: labels.description!, hint: t("events.field.description_hint"), isMultiline: true, rows: 8 })}
${selectField(view, form, { name: "kind", label: labels.kind!, isRequired: true, choices: EVENT_KINDS.map((kind) => ({ value: kind, label: t(`events.kind.${kind}`) })) })}
${selectField(view, form, { name: "visibility", label: labels.visibility!, hint: t("events.field.visibility_hint"), choices: EVENT_VISIBILITIES.map((visibility) => ({ value: visibility, label: t(`events.visibility.${visibility}`) })) })}
${data.series.length ? selectField(view, form, { name: "series", label: labels.series!, placeholder: t("events.field.no_series"), choices: data.series.map((series) => ({ value: series.id, label: localizedString(series.title, view.locale) })) }) : ""}
${textField(view, form, { name: "themes", label: labels.themes!, hint: t("events.field.themes_hint") })}
${textField(view, form, { name: "slug", label: labels.slug!, hint: t("events.field.slug_hint") })}
`)}
${formSection(sections.when, html`
${textField(view, form, { name: "starts_at", label: labels.starts_at!, type: "datetime-local", isRequired: true, hint: t("events.field.time_hint") })}
${textField(view, form, { name: "ends_at", label: labels.ends_at!, type: "datetime-local", isRequired: true })}
${selectField(view, form, { name: "time_zone", label: labels.time_zone!, isRequired: true, choices: TIME_ZONES.map((zone) => ({ value: zone, label: zone })) })}
`)}
${formSection(sections.where, html`
${textField(view, form, { name: "venue_name", label: labels.venue_name!, hint: t("events.field.venue_hint") })}
${textField(view, form, { name: "venue_address", label: labels.venue_address! })}
${selectField(view, form, { name: "country", label: labels.country!, placeholder: t("events.field.no_country"), choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })) })}
${textField(view, form, { name: "map_url", label: labels.map_url!, type: "url" })}
${textField(view, form, { name: "meeting_url", label: labels.meeting_url!, type: "url", hint: t("events.field.meeting_url_hint") })}
${languageBoxes(view, form, "languages", labels.languages!)}
${languageBoxes(view, form, "interpretation", labels.interpretation!)}
${localizedFields(view, form, { name: "accessibility", label: labels.accessibility!, hint: t("events.field.accessibility_hint"), isMultiline: true, rows: 3 })}
`)}
${formSection(sections.who, html`
${data.organisations.length ? checkboxPicker(view, form, { name: "organisers", legend: labels.organisers!, hint: t("events.field.organisers_hint"), groups: [{ label: "", choices: data.organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })) }], filterLabel: t("events.field.organisers_filter") }) : ""}
${targetGroups.length ? checkboxPicker(view, form, { name: "targets", legend: labels.targets!, groups: targetGroups, filterLabel: t("events.field.targets_filter") }) : ""}
${checkboxField(view, form, { name: "is_external", label: labels.is_external!, hint: t("events.field.is_external_hint") })}
${textField(view, form, { name: "external_url", label: labels.external_url!, type: "url" })}
`)}
${formSection(sections.registration, html`
${selectField(view, form, { name: "registration_mode", label: labels.registration_mode!, choices: REGISTRATION_MODES.map((mode) => ({ value: mode, label: t(`events.registration_mode.${mode}`) })) })}
${checkboxField(view, form, { name: "allows_organisation", label: labels.allows_organisation! })}
${textField(view, form, { name: "capacity", label: labels.capacity!, hint: t("events.field.capacity_hint"), type: "number" })}
${textField(view, form, { name: "offer_hours", label: labels.offer_hours!, hint: t("events.field.offer_hours_hint"), type: "number" })}
${textField(view, form, { name: "registration_closes_at", label: labels.registration_closes_at!, type: "datetime-local", hint: t("events.field.closes_hint") })}
`)}
<p><button type="submit">${event ? t("events.pages.save") : t("events.pages.create")}</button>
${event ? html` <a href="${eventPath(space.slug, event.slug)}">${t("events.pages.back")}</a>` : ""}</p>
`)}</div>`,
  });
}
