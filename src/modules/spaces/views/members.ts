import { countryName, listCountries } from "../../../platform/countries";
import { html } from "../../../platform/html";
import { translateMarked } from "../../../platform/views/localized";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { SPACE_ROLES } from "../inputs";
import type { SpaceRoleRow, ViewedSpace } from "../queries";
import { spaceNav } from "./shared";
import { scrollableTable } from "../../../platform/views/table";

/** /spaces/:slug/members: the roles in a space, for coordinators and platform admins to add and remove. */
export function membersPage(view: ViewContext, space: ViewedSpace, roles: SpaceRoleRow[], form: FormState, options: { canEdit: boolean; canImport: boolean }): string {
  const { t, format } = view;
  const spaceTitle = localize(space.title, view.locale);
  const labels = { email: t("space.members.email"), role: t("space.members.role"), country: t("space.members.country") };
  return renderPage(view, {
    title: t("space.members.title", { space: spaceTitle.text }),
    breadcrumbs: [{ label: t("space.list.title"), href: "/spaces" }, { label: spaceTitle, href: `/spaces/${space.slug}` }, { label: t("space.nav.members") }],
    body: html`<h1>${translateMarked(view, "space.members.title", { space: spaceTitle })}</h1>
${spaceNav(view, space.slug, { canEdit: options.canEdit, canManageRoles: true, canImport: options.canImport }, `/spaces/${space.slug}/members`)}
${roles.length
  ? html`${scrollableTable(t("space.members.caption", { count: roles.length }), html`<table>
  <caption>${t("space.members.caption", { count: roles.length })}</caption>
  <thead><tr><th scope="col">${t("space.members.name")}</th><th scope="col">${labels.email}</th><th scope="col">${labels.role}</th><th scope="col">${labels.country}</th><th scope="col">${t("space.members.since")}</th><th scope="col"><span class="sr-only">${t("space.members.actions")}</span></th></tr></thead>
  <tbody>${roles.map((row) => html`<tr>
    <th scope="row">${row.displayName}</th>
    <td>${row.email}</td>
    <td>${t(`space.role.${row.role}`)}</td>
    <td>${row.country ? countryName(row.country, view.locale) : "—"}</td>
    <td>${format.date(row.createdAt)}</td>
    <td>${postForm(
      view,
      `/spaces/${space.slug}/members/remove`,
      html`<input type="hidden" name="userId" value="${row.userId}"><input type="hidden" name="role" value="${row.role}"><input type="hidden" name="country" value="${row.country}">
      <button type="submit" class="secondary">${t("space.members.remove")}<span class="sr-only"> — ${row.displayName}, ${t(`space.role.${row.role}`)}</span></button>`,
      { className: "inline-form" },
    )}</td>
  </tr>`)}</tbody>
</table>`)}`
  : html`<p class="muted">${t("space.members.none")}</p>`}
<section aria-labelledby="add-person">
<h2 id="add-person">${t("space.members.add")}</h2>
<p>${t("space.members.add_lead")}</p>
${errorSummary(view, { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) }, labels)}
${postForm(view, `/spaces/${space.slug}/members`, html`
  ${textField(view, form, { name: "email", label: labels.email, type: "email", isRequired: true, autocomplete: "off" })}
  ${selectField(view, form, { name: "role", label: labels.role, isRequired: true, choices: SPACE_ROLES.map((role) => ({ value: role, label: t(`space.role.${role}`) })) })}
  ${selectField(view, form, { name: "country", label: labels.country, hint: t("space.members.country_hint"), placeholder: t("space.members.no_country"), choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })) })}
  <button type="submit">${t("space.members.add_submit")}</button>`)}
</section>`,
  });
}
