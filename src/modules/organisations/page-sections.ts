import type { FastifyInstance } from "fastify";
import type { SafeHtml } from "../../platform/html";
import type { ViewContext } from "../../platform/http/context";
import type { Services } from "../../platform/services";
import type { Organisation } from "./queries";

/** A block another module adds to an organisation's page (e.g. its commitments), rendered per request. */
export type OrganisationPageSection = (view: ViewContext, organisation: Organisation) => Promise<SafeHtml>;

// Kept per app (keyed by its services), so several apps in one process — tests — never share sections.
const sectionsByApp = new WeakMap<Services, OrganisationPageSection[]>();

/**
 * Lets a module add a section to organisation pages without the organisations module knowing it:
 * the extension point that keeps dependencies pointing one way.
 */
export function registerOrganisationPageSection(app: FastifyInstance, render: OrganisationPageSection): void {
  const sections = sectionsByApp.get(app.services) ?? [];
  sections.push(render);
  sectionsByApp.set(app.services, sections);
}

/** Every registered section for one organisation, in registration order. */
export async function renderOrganisationPageSections(services: Services, view: ViewContext, organisation: Organisation): Promise<SafeHtml[]> {
  return Promise.all((sectionsByApp.get(services) ?? []).map((render) => render(view, organisation)));
}
