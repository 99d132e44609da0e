import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { slugify } from "../../../platform/slug";
import { renderMarkdown } from "../../../platform/markdown/subset";
import type { ShowcaseFields } from "../inputs";
import type { Actor } from "./shared";

/** The introduction's HTML per language, rendered once when written (markdown-it with raw HTML escaped). */
const introHtml = (intro: LocalizedText): LocalizedText => Object.fromEntries(Object.entries(intro).map(([locale, text]) => [locale, renderMarkdown(text ?? "").value]));

async function isSlugTaken(tx: Database, spaceId: string, slug: string, exceptId: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(tx, sql`select id from showcases where space_id = ${spaceId} and slug = ${slug} and id is distinct from ${exceptId}::uuid`);
  return rows.length > 0;
}

/** A free slug made from the title ("cop17-high-level-segment", then "…-2"). */
async function slugFromTitle(tx: Database, spaceId: string, title: LocalizedText): Promise<string> {
  const wanted = slugify(title.en ?? title.ru ?? Object.values(title)[0] ?? "", "showcase");
  const base = wanted === "new" ? "showcase" : wanted;
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    if (!(await isSlugTaken(tx, spaceId, candidate, null))) return candidate;
  }
}

const columns = (fields: ShowcaseFields) => sql`title = ${JSON.stringify(fields.title)}::jsonb, intro = ${JSON.stringify(fields.intro)}::jsonb,
  intro_html = ${JSON.stringify(introHtml(fields.intro))}::jsonb, occasion = ${JSON.stringify(fields.occasion)}::jsonb,
  starts_on = ${fields.startsOn}::date, ends_on = ${fields.endsOn}::date, colour = ${fields.colour}`;

/** Creates a draft showcase in a space; audited. Returns its slug. A slug another showcase has is a 409 on `slug`. */
export async function createShowcase(services: Services, actor: Actor, spaceId: string, fields: ShowcaseFields): Promise<string> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    if (fields.slug && (await isSlugTaken(tx, spaceId, fields.slug, null))) throw conflict("error.conflict", { slug: { key: "showcases.error.slug_taken" } });
    const slug = fields.slug ?? (await slugFromTitle(tx, spaceId, fields.title));
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into showcases (space_id, slug, title, created_by, created_at, updated_at) values (${spaceId}, ${slug}, ${JSON.stringify(fields.title)}::jsonb, ${actor.id}, ${now}, ${now}) returning id`,
    );
    await tx.execute(sql`update showcases set ${columns(fields)} where id = ${row.id}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.created", subjectType: "showcase", subjectId: row.id, spaceId, ip: actor.ip ?? null });
    return slug;
  });
}

/** Saves a showcase's details (its slug too, when given); audited. Returns its slug. */
export async function updateShowcase(services: Services, actor: Actor, spaceId: string, showcaseId: string, fields: ShowcaseFields): Promise<string> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    if (fields.slug && (await isSlugTaken(tx, spaceId, fields.slug, showcaseId))) throw conflict("error.conflict", { slug: { key: "showcases.error.slug_taken" } });
    const [row] = await queryRows<{ slug: string }>(
      tx,
      sql`update showcases set ${columns(fields)}, slug = coalesce(${fields.slug}, slug), updated_at = ${now} where id = ${showcaseId} and space_id = ${spaceId} returning slug`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.updated", subjectType: "showcase", subjectId: showcaseId, spaceId, ip: actor.ip ?? null });
    return row.slug;
  });
}
