import { formList } from "../../platform/http/forms";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import type { LocalizedText } from "../../platform/i18n/localized";
import { localizedFromForm, localizedToForm } from "../../platform/views/forms";
import type { CommitmentForViewer } from "./queries";

// The step form's fields are flat names ("indicators.0.unit", "title.ru"); this file turns a posted body
// into a command's input and a commitment back into form values. Repeated rows are renumbered after blank
// ones are dropped, so error names ("indicators.1.name") match the rows shown again.

export const STEP_COUNT = 6;
export type RowGroup = "indicators" | "partners" | "contacts" | "links";

const localizedNames = (name: string): string[] => LOCALE_CODES.map((code) => `${name}.${code}`);
export const ROW_FIELDS: Record<RowGroup, string[]> = {
  indicators: ["id", ...localizedNames("name"), "unit", "baselineValue", "baselineDate", "targetValue", "targetDate", "direction"],
  partners: ["organisationSlug", "name", "role"],
  contacts: ["name", "email", "role", "isPublic"],
  links: ["url", "label"],
};
// Fields that alone do not make a row worth keeping (defaults and hidden ids).
const IGNORED_FOR_BLANK = new Set(["id", "direction", "isPublic"]);

const text = (value: unknown): string => (typeof value === "string" ? value : Array.isArray(value) ? String(value[0] ?? "") : "");

/** The rows of one group as posted, blank rows dropped, in order. */
export function postedRows(body: Record<string, unknown>, group: RowGroup): Record<string, string>[] {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${group}\\.(\\d+)\\.`);
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match && Number(match[1]) < 100) indexes.add(Number(match[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => Object.fromEntries(ROW_FIELDS[group].map((field) => [field, text(body[`${group}.${index}.${field}`]).trim()])))
    .filter((row) => Object.entries(row).some(([field, value]) => value !== "" && !IGNORED_FOR_BLANK.has(field)));
}

/** Rows back as flat form values, numbered from 0. */
export function rowsToValues(group: RowGroup, rows: Record<string, string>[]): Record<string, string> {
  const values: Record<string, string> = {};
  rows.forEach((row, index) => {
    for (const [field, value] of Object.entries(row)) values[`${group}.${index}.${field}`] = value;
  });
  return values;
}

/** How many rows of a group the form values hold. */
export function rowCount(values: Record<string, unknown>, group: RowGroup): number {
  let count = 0;
  const pattern = new RegExp(`^${group}\\.(\\d+)\\.`);
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

const orNull = (value: string): string | null => (value === "" ? null : value);
// Numbers are typed in either convention ("1 500,5" or "1,500.5" are both common); spaces are grouping.
// Text that is not a number is passed on as text, so validation names it "not valid" rather than "missing".
function numberOrNull(value: string): number | string | null {
  const cleaned = value.replace(/[\s\u00a0]/g, "");
  if (cleaned === "") return null;
  const normalised = /^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(",", ".") : cleaned.replace(/,/g, "");
  const number = Number(normalised);
  return Number.isFinite(number) ? number : value;
}
const rowLocalized = (row: Record<string, string>, name: string): LocalizedText => localizedFromForm(row, name);
const isChecked = (value: unknown): boolean => text(value) !== "" && text(value) !== "false";

/**
 * The form values of one step, normalised (rows renumbered), and the update they ask for. The values are
 * what the page shows again when the update is refused.
 */
export function stepInput(step: number, body: Record<string, unknown>, options: { hasPartners: boolean }): { values: Record<string, unknown>; patch: Record<string, unknown> } {
  const pick = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((name) => [name, text(body[name])]));
  switch (step) {
    case 1: {
      const values = { ...pick(...localizedNames("title"), ...localizedNames("description")), themes: text(body.themes) };
      const themes = [...new Set(text(body.themes).split(/[\n,;]/).map((theme) => theme.trim()).filter(Boolean))];
      return { values, patch: { title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), themes } };
    }
    case 2: {
      const values = { ...pick("primaryItemId", "coverage"), otherItemIds: formList(body, "otherItemIds"), countries: formList(body, "countries"), regions: formList(body, "regions") };
      return {
        values,
        patch: { primaryItemId: orNull(text(body.primaryItemId)), otherItemIds: values.otherItemIds, coverage: text(body.coverage), countries: values.countries, regions: values.regions },
      };
    }
    case 3: {
      const values = { startDate: text(body.startDate), endDate: text(body.endDate), reviewDate: text(body.reviewDate), stage: text(body.stage), isOpenEnded: isChecked(body.isOpenEnded) };
      return {
        values,
        patch: { startDate: orNull(values.startDate), endDate: orNull(values.endDate), reviewDate: orNull(values.reviewDate), stage: values.stage, isOpenEnded: values.isOpenEnded },
      };
    }
    case 4: {
      const indicators = postedRows(body, "indicators");
      const values = {
        ...rowsToValues("indicators", indicators),
        ...pick(...localizedNames("targetAudience"), ...localizedNames("expectedImpact"), "scale", "fundingSource", "fundingSufficiency", "fundingAmount", "fundingCurrency"),
      };
      return {
        values,
        patch: {
          indicators: indicators.map((row) => ({
            id: orNull(row.id),
            name: rowLocalized(row, "name"),
            unit: row.unit,
            baselineValue: numberOrNull(row.baselineValue),
            baselineDate: orNull(row.baselineDate),
            targetValue: numberOrNull(row.targetValue),
            targetDate: orNull(row.targetDate),
            direction: row.direction || "increase",
          })),
          targetAudience: localizedFromForm(body, "targetAudience"),
          expectedImpact: localizedFromForm(body, "expectedImpact"),
          scale: text(body.scale),
          fundingSource: text(body.fundingSource),
          fundingSufficiency: text(body.fundingSufficiency) || "unknown",
          fundingAmount: numberOrNull(text(body.fundingAmount)),
          fundingCurrency: orNull(text(body.fundingCurrency).trim().toUpperCase()),
        },
      };
    }
    case 5: {
      const partners = options.hasPartners ? postedRows(body, "partners") : [];
      const contacts = options.hasPartners ? postedRows(body, "contacts") : [];
      const links = postedRows(body, "links");
      const values = {
        ...rowsToValues("partners", partners),
        ...rowsToValues("contacts", contacts),
        ...rowsToValues("links", links),
        isPartnerDisplayAllowed: isChecked(body.isPartnerDisplayAllowed),
        intendsToReport: isChecked(body.intendsToReport),
      };
      const patch: Record<string, unknown> = {
        links: links.map((row) => ({ url: row.url, label: row.label })),
        isPartnerDisplayAllowed: values.isPartnerDisplayAllowed,
        intendsToReport: values.intendsToReport,
      };
      if (options.hasPartners) {
        patch.partners = partners.map((row) => ({ organisationSlug: orNull(row.organisationSlug), name: row.name, role: row.role }));
        patch.contacts = contacts.map((row) => ({ name: row.name, email: row.email, role: row.role, isPublic: isChecked(row.isPublic) }));
      }
      return { values, patch };
    }
    default:
      return { values: {}, patch: {} };
  }
}

const dateText = (value: string | null): string => value ?? "";
const numberText = (value: string | null): string => (value === null ? "" : String(Number(value)));

/** A saved commitment as the step form's values. */
export function commitmentToValues(data: CommitmentForViewer): Record<string, unknown> {
  const { commitment } = data;
  return {
    ...localizedToForm("title", commitment.title),
    ...localizedToForm("description", commitment.description),
    themes: commitment.themes.join(", "),
    primaryItemId: commitment.primaryItemId ?? "",
    otherItemIds: data.targets.filter((target) => !target.isPrimary).map((target) => target.id),
    coverage: commitment.coverage,
    countries: commitment.countries,
    regions: commitment.regions,
    startDate: dateText(commitment.startDate),
    endDate: dateText(commitment.endDate),
    reviewDate: dateText(commitment.reviewDate),
    isOpenEnded: commitment.isOpenEnded,
    stage: commitment.stage,
    ...rowsToValues(
      "indicators",
      data.indicators.map((indicator) => ({
        id: indicator.id,
        ...localizedToForm("name", indicator.name),
        unit: indicator.unit,
        baselineValue: numberText(indicator.baselineValue),
        baselineDate: dateText(indicator.baselineDate),
        targetValue: numberText(indicator.targetValue),
        targetDate: dateText(indicator.targetDate),
        direction: indicator.direction,
      })),
    ),
    ...localizedToForm("targetAudience", commitment.targetAudience),
    ...localizedToForm("expectedImpact", commitment.expectedImpact),
    scale: commitment.scale,
    fundingSource: commitment.fundingSource,
    fundingSufficiency: commitment.fundingSufficiency,
    fundingAmount: numberText(commitment.fundingAmount),
    fundingCurrency: commitment.fundingCurrency ?? "",
    ...rowsToValues("partners", data.partners.map((partner) => ({ organisationSlug: partner.slug ?? "", name: partner.name, role: partner.role }))),
    ...rowsToValues("contacts", commitment.contacts.map((contact) => ({ name: contact.name, email: contact.email, role: contact.role, isPublic: contact.isPublic ? "on" : "" }))),
    ...rowsToValues("links", commitment.links.map((link) => ({ url: link.url, label: link.label }))),
    isPartnerDisplayAllowed: commitment.isPartnerDisplayAllowed,
    intendsToReport: commitment.intendsToReport,
  };
}
