import type { FastifyInstance } from "fastify";
import type { SafeHtml } from "../../platform/html";
import type { ViewContext } from "../../platform/http/context";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Services } from "../../platform/services";

/** The space whose commitments list is shown. */
export type ListSectionSpace = { id: string; slug: string; title: LocalizedText };
export type CommitmentListSection = (view: ViewContext, space: ListSectionSpace) => Promise<SafeHtml>;

// Kept per app (keyed by its services), so several apps in one process — tests — never share sections.
const sectionsByApp = new WeakMap<Services, CommitmentListSection[]>();

/**
 * Lets another module add a section under a space's commitments list (the exchange module shows commitments
 * harvested from partner platforms there) without this module knowing it. Sections are not commitments of the
 * space: they are never counted in its statistics, facets or exports.
 */
export function registerCommitmentListSection(app: FastifyInstance, render: CommitmentListSection): void {
  sectionsByApp.set(app.services, [...(sectionsByApp.get(app.services) ?? []), render]);
}

/** Every registered section for one space, in registration order. */
export async function renderCommitmentListSections(services: Services, view: ViewContext, space: ListSectionSpace): Promise<SafeHtml[]> {
  return Promise.all((sectionsByApp.get(services) ?? []).map((render) => render(view, space)));
}
