import { html, type HtmlValue, type SafeHtml } from "../html";
import type { FieldErrors } from "../errors";
import type { ViewContext } from "../http/context";
import { FALLBACK_LOCALE, LOCALES } from "../i18n/locales";
import type { LocalizedText } from "../i18n/localized";

/** What a form needs to re-render after a failed post: the user's input and each field's error. */
export type FormState = { values: Record<string, unknown>; errors: FieldErrors };

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: {} });

type FieldOptions = {
  name: string;
  label: string;
  hint?: string;
  isRequired?: boolean;
  autocomplete?: string;
};

function valueOf(form: FormState, name: string): string {
  const value = form.values[name];
  return value === undefined || value === null ? "" : String(value);
}

function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `${name}-hint` : "", hasError ? `${name}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The id of a field's control (and the anchor the error summary links to). */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function errorText(view: ViewContext, form: FormState, name: string): string | undefined {
  const error = form.errors[name];
  return error ? view.t(error.key, error.values) : undefined;
}

function fieldShell(view: ViewContext, form: FormState, options: FieldOptions, control: (attributes: SafeHtml) => SafeHtml): SafeHtml {
  const id = fieldId(options.name);
  const error = errorText(view, form, options.name);
  const described = describedBy(id, Boolean(options.hint), Boolean(error));
  const attributes = html`id="${id}" name="${options.name}"${options.isRequired ? html` required` : ""}${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ""}`;
  return html`<div class="field${error ? " has-error" : ""}">
  <label for="${id}">${options.label}${options.isRequired ? html` <span class="required" aria-hidden="true">*</span>` : ""}</label>
  ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ""}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ""}
  ${control(attributes)}
</div>`;
}

export function textField(view: ViewContext, form: FormState, options: FieldOptions & { type?: string; maxLength?: number }): SafeHtml {
  return fieldShell(view, form, options, (attributes) =>
    html`<input type="${options.type ?? "text"}" ${attributes} value="${options.type === "password" ? "" : valueOf(form, options.name)}"${options.maxLength ? html` maxlength="${options.maxLength}"` : ""}>`,
  );
}

export function textArea(view: ViewContext, form: FormState, options: FieldOptions & { rows?: number }): SafeHtml {
  return fieldShell(view, form, options, (attributes) => html`<textarea ${attributes} rows="${options.rows ?? 5}">${valueOf(form, options.name)}</textarea>`);
}

export function selectField(
  view: ViewContext,
  form: FormState,
  options: FieldOptions & { choices: { value: string; label: string }[]; placeholder?: string },
): SafeHtml {
  const current = valueOf(form, options.name);
  return fieldShell(view, form, options, (attributes) => html`<select ${attributes}>
    ${options.placeholder !== undefined ? html`<option value="">${options.placeholder}</option>` : ""}
    ${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : ""}>${choice.label}</option>`)}
  </select>`);
}

export function checkboxField(view: ViewContext, form: FormState, options: Omit<FieldOptions, "label"> & { label: string | SafeHtml; value?: string }): SafeHtml {
  const id = fieldId(options.name);
  const error = errorText(view, form, options.name);
  const isChecked = Boolean(form.values[options.name]) && form.values[options.name] !== "false";
  return html`<div class="field checkbox${error ? " has-error" : ""}">
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ""}
  <input type="checkbox" id="${id}" name="${options.name}" value="${options.value ?? "on"}"${isChecked ? html` checked` : ""}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}>
  <label for="${id}">${options.label}</label>
  ${options.hint ? html`<p class="hint">${options.hint}</p>` : ""}
</div>`;
}

/** The UI languages with the page's own first: people write in the interface language first. */
function pageLanguageFirst(pageLocale: string): typeof LOCALES {
  return [...LOCALES.filter((locale) => locale.code === pageLocale), ...LOCALES.filter((locale) => locale.code !== pageLocale)];
}

/**
 * One input per UI language for a multilingual field, named `<name>.<locale>`
 * (e.g. `name.en`, `name.ru`), the page's language first; errors for the whole field are keyed by `<name>`.
 */
export function localizedFields(
  view: ViewContext,
  form: FormState,
  options: FieldOptions & { isMultiline?: boolean; rows?: number },
): SafeHtml {
  const error = errorText(view, form, options.name);
  const legendId = `${fieldId(options.name)}-legend`;
  // The page's language and English (the language most shared across a convention) are open; the other four
  // are one click away and open by themselves when they hold text, so nothing typed is ever hidden.
  const ordered = pageLanguageFirst(view.locale);
  const first = ordered.filter((locale) => locale.code === view.locale || locale.code === FALLBACK_LOCALE);
  const rest = ordered.filter((locale) => !first.includes(locale));
  const input = (locale: (typeof LOCALES)[number]) => {
    const name = `${options.name}.${locale.code}`;
    const id = fieldId(name);
    const value = valueOf(form, name);
    return html`<div class="field"><label for="${id}" lang="${locale.code}">${locale.name}</label>
      ${options.isMultiline
        ? html`<textarea id="${id}" name="${name}" lang="${locale.code}" dir="${locale.dir}" rows="${options.rows ?? 4}"${error ? html` aria-invalid="true" aria-describedby="${fieldId(options.name)}-error"` : ""}>${value}</textarea>`
        : html`<input type="text" id="${id}" name="${name}" lang="${locale.code}" dir="${locale.dir}" value="${value}"${error ? html` aria-invalid="true" aria-describedby="${fieldId(options.name)}-error"` : ""}>`}
    </div>`;
  };
  return html`<fieldset class="localized${error ? " has-error" : ""}" id="${fieldId(options.name)}">
  <legend id="${legendId}">${options.label}${options.isRequired ? html` <span class="required" aria-hidden="true">*</span>` : ""}</legend>
  ${options.hint ? html`<p class="hint">${options.hint}</p>` : ""}
  ${error ? html`<p class="field-error" id="${fieldId(options.name)}-error">${error}</p>` : ""}
  ${first.map(input)}
  ${rest.length
    ? html`<details class="more-languages"${rest.some((locale) => valueOf(form, `${options.name}.${locale.code}`)) ? html` open` : ""}>
    <summary>${view.t("form.more_languages", { count: rest.length })}</summary>
    ${rest.map(input)}
  </details>`
    : ""}
</fieldset>`;
}

/** Reads `<name>.<locale>` form fields back into a LocalizedText. */
export function localizedFromForm(body: Record<string, unknown>, name: string): LocalizedText {
  const result: LocalizedText = {};
  for (const locale of LOCALES) {
    const value = body[`${name}.${locale.code}`];
    if (typeof value === "string" && value.trim()) result[locale.code] = value.trim();
  }
  return result;
}

/** Spreads a LocalizedText into `<name>.<locale>` values to prefill a form. */
export function localizedToForm(name: string, value: LocalizedText | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [code, text] of Object.entries(value ?? {})) if (text) result[`${name}.${code}`] = text;
  return result;
}

export function csrfInput(view: ViewContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${view.csrfToken}">`;
}

/** The error summary at the top of a failed form: links to each field (WCAG 3.3.1). */
export function errorSummary(view: ViewContext, form: FormState, labels: Record<string, string> = {}): HtmlValue {
  const entries = Object.entries(form.errors);
  if (!entries.length) return "";
  return html`<div class="error-summary" role="alert" tabindex="-1">
  <h2>${view.t("form.error_summary_title", { count: entries.length })}</h2>
  <ul>${entries.map(([name, error]) =>
    html`<li><a href="#${fieldId(name)}">${labels[name] ? `${labels[name]}: ` : ""}${view.t(error.key, error.values)}</a></li>`,
  )}</ul>
</div>`;
}

/** A POST form with the CSRF field already in it. */
export function postForm(view: ViewContext, action: string, body: HtmlValue, attributes: { className?: string; enctype?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}"${attributes.className ? html` class="${attributes.className}"` : ""}${attributes.enctype ? html` enctype="${attributes.enctype}"` : ""} novalidate>
${csrfInput(view)}
${body}
</form>`;
}
