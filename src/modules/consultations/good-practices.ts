import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../../platform/i18n/localized";
import { organisations } from "../organisations/schema";
import type { Viewer } from "../spaces/permissions";
import { visibleSpaceCondition } from "../spaces/queries";
import { spaces } from "../spaces/schema";
import { GOOD_PRACTICE_SOURCE } from "./queries-synthesis";
import { consultationContributions, consultations, goodPractices, type PracticeKind } from "./schema";

/** A good practice as a knowledge hub lists it, with where it came from. */
export type GoodPracticeListItem = {
  id: string;
  kind: PracticeKind;
  title: LocalizedText;
  description: LocalizedText;
  language: string;
  organisation: { id: string; slug: string; name: LocalizedText; actorType: string } | null;
  space: { id: string; slug: string; title: LocalizedText };
  source: { type: typeof GOOD_PRACTICE_SOURCE; consultationSlug: string; consultationTitle: LocalizedText; contributionNumber: number; url: string };
  createdAt: Date;
  updatedAt: Date;
};

/**
 * "The viewer may see this consultation", in SQL, mirroring canViewConsultation in permissions.ts: drafts for
 * the space's coordinators and facilitators and the consultation's named facilitators; members-only ones for
 * people holding a role in the space; platform admins everything.
 */
export function visibleConsultationCondition(viewer: Viewer): SQL {
  if (viewer?.isPlatformAdmin) return sql`true`;
  if (!viewer) return sql`(${consultations.status} = 'published' and ${consultations.visibility} = 'public')`;
  const hasRole = sql`exists (select 1 from space_members m where m.space_id = ${consultations.spaceId} and m.user_id = ${viewer.id})`;
  const canFacilitate = sql`(exists (select 1 from space_members m where m.space_id = ${consultations.spaceId} and m.user_id = ${viewer.id} and m.role in ('coordinator', 'facilitator'))
    or exists (select 1 from consultation_group_facilitators f join consultation_groups g on g.id = f.group_id where g.consultation_id = ${consultations.id} and f.user_id = ${viewer.id}))`;
  return sql`((${consultations.status} = 'published' and (${consultations.visibility} = 'public' or ${hasRole})) or (${consultations.status} = 'draft' and ${canFacilitate}))`;
}

/** Where a page of good practices starts: after the (created, id) of the last practice already seen. */
export type GoodPracticeCursor = { createdAt: Date; id: string };

/** Which good practices to list: one space, one kind, one language, one organisation type, one practice. */
export type GoodPracticeFilter = { spaceId?: string; kind?: PracticeKind; language?: string; actorType?: string; id?: string };

/** The most good practices one call returns, whatever it asks for: callers read further pages with `after`. */
export const GOOD_PRACTICES_PAGE_MAX = 500;
const GOOD_PRACTICES_PAGE_DEFAULT = 100;

/**
 * One page of the good practices tagged in consultations the viewer may see (private spaces, members-only and
 * draft consultations follow the same rules as their pages), newest first by (created, id), after `page.after`
 * when given; at most `page.limit` (default 100, never over GOOD_PRACTICES_PAGE_MAX).
 * A practice whose contribution was hidden, held or deleted since it was tagged is left out.
 * Tagging a contribution of a breakout publishes it here too: the tag is a facilitator's deliberate choice.
 */
export async function listGoodPractices(
  db: Database,
  viewer: Viewer,
  filter: GoodPracticeFilter = {},
  page: { after?: GoodPracticeCursor; limit?: number } = {},
): Promise<GoodPracticeListItem[]> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit ?? GOOD_PRACTICES_PAGE_DEFAULT)), GOOD_PRACTICES_PAGE_MAX);
  const after = page.after ? sql`(${goodPractices.createdAt}, ${goodPractices.id}) < (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::uuid)` : undefined;
  const rows = await db
    .select({
      practice: goodPractices,
      organisation: { id: organisations.id, slug: organisations.slug, name: organisations.name, actorType: organisations.actorType },
      space: { id: spaces.id, slug: spaces.slug, title: spaces.title },
      consultation: { slug: consultations.slug, title: consultations.title },
      contributionNumber: consultationContributions.number,
    })
    .from(goodPractices)
    .innerJoin(consultationContributions, and(eq(goodPractices.sourceType, GOOD_PRACTICE_SOURCE), eq(consultationContributions.id, goodPractices.sourceId)))
    .innerJoin(consultations, eq(consultations.id, consultationContributions.consultationId))
    .innerJoin(spaces, eq(spaces.id, consultations.spaceId))
    .leftJoin(organisations, eq(organisations.id, goodPractices.organisationId))
    .where(
      and(
        visibleSpaceCondition(viewer),
        visibleConsultationCondition(viewer),
        eq(consultationContributions.status, "published"),
        filter.spaceId ? eq(goodPractices.spaceId, filter.spaceId) : undefined,
        filter.kind ? eq(goodPractices.kind, filter.kind) : undefined,
        filter.language ? eq(goodPractices.language, filter.language) : undefined,
        filter.actorType ? eq(organisations.actorType, filter.actorType) : undefined,
        filter.id ? eq(goodPractices.id, filter.id) : undefined,
        after,
      ),
    )
    .orderBy(desc(goodPractices.createdAt), desc(goodPractices.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.practice.id,
    kind: row.practice.kind,
    title: row.practice.title,
    description: row.practice.description,
    language: row.practice.language,
    organisation: row.organisation?.id ? row.organisation : null,
    space: row.space,
    source: {
      type: GOOD_PRACTICE_SOURCE,
      consultationSlug: row.consultation.slug,
      consultationTitle: row.consultation.title,
      contributionNumber: row.contributionNumber,
      url: `/spaces/${row.space.slug}/consultations/${row.consultation.slug}/contributions/${row.contributionNumber}`,
    },
    createdAt: row.practice.createdAt,
    updatedAt: row.practice.updatedAt,
  }));
}
