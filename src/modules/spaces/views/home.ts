import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { renderPage } from "../../../platform/views/layout";
import type { SpaceSummary } from "../queries";
import { spaceCard } from "./shared";

/** The front page: what Convene is, the public spaces, and the signed-in person's private spaces. */
export function homePage(view: ViewContext, spaces: { public: SpaceSummary[]; private: SpaceSummary[] }): string {
  const { t } = view;
  return renderPage(view, {
    title: t("home.title"),
    body: html`<h1>${t("home.heading")}</h1>
<p class="lead">${t("home.lead")}</p>
<ul>
  <li>${t("home.point.spaces")}</li>
  <li>${t("home.point.frameworks")}</li>
  <li>${t("home.point.open")}</li>
</ul>
${view.user
  ? ""
  : html`<p><a class="button" href="/register">${t("home.register")}</a> <a href="/login">${t("home.login")}</a></p>`}
<section aria-labelledby="public-spaces">
  <h2 id="public-spaces">${t("home.public_spaces")}</h2>
  ${spaces.public.length
    ? html`<ul class="cards">${spaces.public.map((space) => spaceCard(view, space))}</ul>`
    : html`<p class="muted">${t("home.no_spaces")}</p>`}
</section>
${spaces.private.length
  ? html`<section aria-labelledby="private-spaces">
  <h2 id="private-spaces">${t("home.private_spaces")}</h2>
  <ul class="cards">${spaces.private.map((space) => spaceCard(view, space))}</ul>
</section>`
  : ""}
<p><a href="/spaces">${t("home.all_spaces")}</a> · <a href="/frameworks">${t("home.all_frameworks")}</a></p>`,
  });
}
