import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import type { MessageValues } from "../../../platform/i18n/messages";
import type { FieldErrors } from "../../../platform/errors";
import type { FormState } from "../../../platform/views/forms";
import type { CommitmentSettings } from "../queries";

/**
 * Translation with the space's wording: every message that names the thing takes `mode` and says
 * "commitment" or, in a memorandum space, "programme activity" / "signatory".
 */
export type Wording = (key: string, values?: MessageValues) => string;
export function wordingOf(view: ViewContext, settings: Pick<CommitmentSettings, "mode">): Wording {
  return (key, values) => view.t(key, { mode: settings.mode, ...values });
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export function fieldError(view: ViewContext, errors: FieldErrors, name: string): SafeHtml {
  const error = errors[name];
  return error ? html`<p class="field-error" id="${fieldId(name)}-error">${view.t(error.key, error.values)}</p>` : html``;
}

type Choice = { value: string; label: string };
type ChoiceGroup = { label: string; choices: Choice[] };

const selectedValues = (form: FormState, name: string): Set<string> => {
  const value = form.values[name];
  return new Set(Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : []);
};

/** A <select> (single or multiple) with <optgroup>s, its label, hint and error beside it. */
export function groupedSelect(
  view: ViewContext,
  form: FormState,
  options: { name: string; label: string; hint?: string; groups: ChoiceGroup[]; isMultiple?: boolean; placeholder?: string; size?: number },
): SafeHtml {
  const id = fieldId(options.name);
  const selected = selectedValues(form, options.name);
  const error = form.errors[options.name];
  const described = [options.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const renderChoice = (choice: Choice) => html`<option value="${choice.value}"${selected.has(choice.value) ? html` selected` : ""}>${choice.label}</option>`;
  return html`<div class="field${error ? " has-error" : ""}">
  <label for="${id}">${options.label}</label>
  ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ""}
  ${fieldError(view, form.errors, options.name)}
  <select id="${id}" name="${options.name}"${options.isMultiple ? html` multiple size="${options.size ?? 8}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}>
    ${options.placeholder !== undefined ? html`<option value="">${options.placeholder}</option>` : ""}
    ${options.groups.map((group) => (group.label ? html`<optgroup label="${group.label}">${group.choices.map(renderChoice)}</optgroup>` : group.choices.map(renderChoice)))}
  </select>
</div>`;
}

/** The status of a commitment as a tag with words (never colour alone). */
export function statusTag(view: ViewContext, status: string): SafeHtml {
  return html`<span class="tag status-${status}">${view.t(`commitment.form.status.${status}`)}</span>`;
}
