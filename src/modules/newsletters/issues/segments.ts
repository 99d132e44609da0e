import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { countriesInRegion, isCountryCode } from "../../../platform/countries";
import { isLocale } from "../../../platform/i18n/locales";
import { ACTOR_TYPES } from "../../organisations/actor-types";
import { SPACE_ROLES } from "../../spaces/inputs";
import type { SpaceRole } from "../../spaces/schema";
import { AUDIENCE_KINDS, type AudienceKind, type Segment } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const M49 = /^\d{3}$/;
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** A segment with every list present and only known values kept (stored JSON may predate a value's removal). */
export function normalizeSegment(value: Partial<Segment> | null | undefined): Segment {
  const list = (items: unknown): string[] => (Array.isArray(items) ? items.filter((item): item is string => typeof item === "string") : []);
  const actorTypes = new Set<string>(ACTOR_TYPES.map((type) => type.key));
  return {
    audiences: unique(list(value?.audiences).filter((kind): kind is AudienceKind => (AUDIENCE_KINDS as readonly string[]).includes(kind))),
    roles: unique(list(value?.roles).filter((role): role is SpaceRole => (SPACE_ROLES as readonly string[]).includes(role))),
    actorTypes: unique(list(value?.actorTypes).filter((type) => actorTypes.has(type))),
    countries: unique(list(value?.countries).filter(isCountryCode)),
    regions: unique(list(value?.regions).filter((code) => M49.test(code))),
    frameworkItems: unique(list(value?.frameworkItems).filter((id) => UUID.test(id))),
    locales: unique(list(value?.locales).filter(isLocale)),
  };
}

/** One recipient as the segment query answers: where to send, in which language, and whose links to put in. */
export type SegmentRecipient = { email: string; locale: string; recipientKind: "user" | "subscriber"; recipientId: string; displayName: string };

const uuidArray = (values: readonly string[]): SQL => sql`${textArrayLiteral(values)}::uuid[]`;
const textArray = (values: readonly string[]): SQL => sql`${textArrayLiteral(values)}::text[]`;

/**
 * The one query that resolves a segment: a SELECT of (email, locale, recipient_kind, recipient_id, display_name),
 * one row per address. The count, the sample and the send all wrap it, so what the compose page shows is what goes.
 *
 * Account holders come from the space's members (of the roles asked) and followers (an active subscriber row with a
 * user); subscribers without an account from active rows with an address (pending ones never: double opt-in).
 * Always left out: deleted users, addresses not verified, anyone whose row for the space says unsubscribed or
 * `newsletters = false` (by account or by address), and suppressed addresses. Country and region form one place
 * filter (any of the countries, or a country in any of the regions); a person's countries are those of their
 * organisations and of their focal-point seats in the space; actor types and framework targets are their
 * organisations'. A subscriber without an account matches place and actor type through what they gave, and never
 * a framework filter (they have no organisation). Language is the account's, or the subscriber's.
 */
export function segmentSelect(spaceId: string, value: Partial<Segment>): SQL {
  const segment = normalizeSegment(value);
  const places = unique([...segment.countries, ...segment.regions.flatMap((code) => countriesInRegion(code))]);
  const hasPlace = segment.countries.length > 0 || segment.regions.length > 0;
  const wants = (kind: AudienceKind): SQL => sql`${segment.audiences.includes(kind)}::boolean`;
  const userFilters: SQL[] = [];
  const subscriberFilters: SQL[] = [];
  if (segment.actorTypes.length) {
    userFilters.push(sql`exists (select 1 from organisation_members om join organisations o on o.id = om.organisation_id where om.user_id = u.id and o.actor_type = any(${textArray(segment.actorTypes)}))`);
    subscriberFilters.push(sql`ns.actor_type = any(${textArray(segment.actorTypes)})`);
  }
  if (hasPlace) {
    userFilters.push(sql`(exists (select 1 from organisation_members om join organisations o on o.id = om.organisation_id where om.user_id = u.id and o.country = any(${textArray(places)}))
      or exists (select 1 from space_members sc where sc.space_id = ${spaceId} and sc.user_id = u.id and sc.country = any(${textArray(places)})))`);
    subscriberFilters.push(sql`ns.country = any(${textArray(places)})`);
  }
  if (segment.frameworkItems.length) {
    userFilters.push(sql`exists (select 1 from organisation_members om join organisation_framework_items ofi on ofi.organisation_id = om.organisation_id where om.user_id = u.id and ofi.item_id = any(${uuidArray(segment.frameworkItems)}))`);
    subscriberFilters.push(sql`false`);
  }
  if (segment.locales.length) {
    userFilters.push(sql`u.locale = any(${textArray(segment.locales)})`);
    subscriberFilters.push(sql`ns.locale = any(${textArray(segment.locales)})`);
  }
  const and = (filters: SQL[]): SQL => (filters.length ? sql.join(filters.map((filter) => sql` and ${filter}`), sql``) : sql``);
  const roleCondition = segment.roles.length ? sql` and sm.role = any(${textArray(segment.roles)})` : sql``;
  return sql`
    select distinct on (r.email) r.email, r.locale, r.recipient_kind, r.recipient_id, r.display_name
    from (
      select lower(u.email) as email, u.locale, 'user' as recipient_kind, u.id as recipient_id, u.display_name, 0 as preference
      from users u
      left join newsletter_subscribers own on own.space_id = ${spaceId} and own.user_id = u.id
      where u.id in (
          select sm.user_id from space_members sm where ${wants("members")} and sm.space_id = ${spaceId}${roleCondition}
          union
          select f.user_id from newsletter_subscribers f where ${wants("followers")} and f.space_id = ${spaceId} and f.user_id is not null and f.status = 'active'
        )
        and u.deleted_at is null and u.email_verified_at is not null
        and (own.id is null or (own.status <> 'unsubscribed' and own.newsletters))${and(userFilters)}
      union all
      select ns.email, ns.locale, 'subscriber', ns.id, '', 1
      from newsletter_subscribers ns
      where ${wants("subscribers")} and ns.space_id = ${spaceId} and ns.email is not null and ns.status = 'active' and ns.newsletters${and(subscriberFilters)}
    ) r
    where not exists (select 1 from mail_suppressions s where s.email = r.email)
      and not exists (select 1 from newsletter_subscribers x where x.space_id = ${spaceId} and x.email = r.email and (x.status = 'unsubscribed' or not x.newsletters))
    order by r.email, r.preference`;
}

type RecipientRow = { email: string; locale: string; recipient_kind: "user" | "subscriber"; recipient_id: string; display_name: string };
const toRecipient = (row: RecipientRow): SegmentRecipient => ({ email: row.email, locale: row.locale, recipientKind: row.recipient_kind, recipientId: row.recipient_id, displayName: row.display_name });

/** How many addresses the segment reaches now. */
export async function countSegment(db: Database, spaceId: string, segment: Partial<Segment>): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(db, sql`select count(*) as count from (${segmentSelect(spaceId, segment)}) recipients`);
  return Number(row?.count ?? 0);
}

/** The first `limit` recipients by address (the compose page's sample; tests read the whole segment with it). */
export async function segmentRecipients(db: Database, spaceId: string, segment: Partial<Segment>, limit: number): Promise<SegmentRecipient[]> {
  const rows = await queryRows<RecipientRow>(db, sql`select * from (${segmentSelect(spaceId, segment)}) recipients order by email limit ${limit}`);
  return rows.map(toRecipient);
}

/**
 * An address as the sample shows it: the first letter of the local part and the domain
 * (`a•••@example.org`) — enough to recognise a list, not enough to harvest it (see the README on privacy).
 */
export function maskAddress(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${email[0]}•••${email.slice(at)}`;
}
