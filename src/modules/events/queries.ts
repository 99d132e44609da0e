import { sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { Viewer } from "../spaces/permissions";
import { canManageEvents, canSeeEvent } from "./permissions";
import type { EventKind, EventStatus, EventVisibility, RegistrationMode, RegistrationState } from "./schema";

// The read model every events page and API starts from. The meeting link (events.meeting_url) is deliberately
// NOT part of it: only eventMeetingUrl reads it, for the personal join redirect and the organisers' form, so no
// page, feed, API answer or widget built from an EventView can ever show it.

export type EventView = {
  id: string;
  spaceId: string;
  slug: string;
  seriesId: string | null;
  kind: EventKind;
  status: EventStatus;
  visibility: EventVisibility;
  title: LocalizedText;
  summary: LocalizedText;
  description: LocalizedText;
  descriptionHtml: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  venueAddress: string;
  country: string;
  mapUrl: string | null;
  hasMeetingUrl: boolean;
  joinEpoch: number;
  languages: string[];
  interpretation: string[];
  accessibility: LocalizedText;
  themes: string[];
  targetIds: string[];
  isExternal: boolean;
  externalUrl: string | null;
  registrationState: RegistrationState;
  registrationMode: RegistrationMode;
  allowsOrganisation: boolean;
  registrationClosesAt: Date | null;
  closingNotes: LocalizedText;
  closingNotesHtml: LocalizedText;
  sequence: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
};

/** Every column of an EventView, read from `events e` (never meeting_url itself). */
export const EVENT_COLUMNS = sql.raw(`e.id, e.space_id, e.slug, e.series_id, e.kind, e.status, e.visibility, e.title, e.summary, e.description,
  e.description_html, e.starts_at, e.ends_at, e.time_zone, e.venue_name, e.venue_address, e.country, e.map_url,
  (e.meeting_url is not null and e.meeting_url <> '') as has_meeting_url, e.join_epoch, e.languages, e.interpretation,
  e.accessibility, e.themes, e.target_ids, e.is_external, e.external_url, e.registration_state, e.registration_mode,
  e.allows_organisation, e.registration_closes_at, e.closing_notes, e.closing_notes_html, e.sequence, e.created_by,
  e.created_at, e.updated_at, e.published_at, e.cancelled_at`);

export type EventDbRow = {
  id: string;
  space_id: string;
  slug: string;
  series_id: string | null;
  kind: EventKind;
  status: EventStatus;
  visibility: EventVisibility;
  title: LocalizedText;
  summary: LocalizedText;
  description: LocalizedText;
  description_html: LocalizedText;
  starts_at: Date | string;
  ends_at: Date | string;
  time_zone: string;
  venue_name: string;
  venue_address: string;
  country: string;
  map_url: string | null;
  has_meeting_url: boolean;
  join_epoch: number;
  languages: string[];
  interpretation: string[];
  accessibility: LocalizedText;
  themes: string[];
  target_ids: string[];
  is_external: boolean;
  external_url: string | null;
  registration_state: RegistrationState;
  registration_mode: RegistrationMode;
  allows_organisation: boolean;
  registration_closes_at: Date | string | null;
  closing_notes: LocalizedText;
  closing_notes_html: LocalizedText;
  sequence: number;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  published_at: Date | string | null;
  cancelled_at: Date | string | null;
};

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : date(value));

/** Turns a row selected with EVENT_COLUMNS into an EventView. */
export function eventFromRow(row: EventDbRow): EventView {
  return {
    id: row.id,
    spaceId: row.space_id,
    slug: row.slug,
    seriesId: row.series_id,
    kind: row.kind,
    status: row.status,
    visibility: row.visibility,
    title: row.title,
    summary: row.summary,
    description: row.description,
    descriptionHtml: row.description_html,
    startsAt: date(row.starts_at),
    endsAt: date(row.ends_at),
    timeZone: row.time_zone,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    country: row.country,
    mapUrl: row.map_url,
    hasMeetingUrl: row.has_meeting_url,
    joinEpoch: row.join_epoch,
    languages: row.languages,
    interpretation: row.interpretation,
    accessibility: row.accessibility,
    themes: row.themes,
    targetIds: row.target_ids,
    isExternal: row.is_external,
    externalUrl: row.external_url,
    registrationState: row.registration_state,
    registrationMode: row.registration_mode,
    allowsOrganisation: row.allows_organisation,
    registrationClosesAt: maybeDate(row.registration_closes_at),
    closingNotes: row.closing_notes,
    closingNotesHtml: row.closing_notes_html,
    sequence: row.sequence,
    createdBy: row.created_by,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    publishedAt: maybeDate(row.published_at),
    cancelledAt: maybeDate(row.cancelled_at),
  };
}

/** The event with this id, or undefined (no visibility check: callers check). */
export async function findEventById(db: Database, id: string): Promise<EventView | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await queryRows<EventDbRow>(db, sql`select ${EVENT_COLUMNS} from events e where e.id = ${id}`);
  return row ? eventFromRow(row) : undefined;
}

/** The event at `slug` in a space, or undefined (no visibility check: callers check). */
export async function findEventInSpace(db: Database, spaceId: string, slug: string): Promise<EventView | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) return undefined;
  const [row] = await queryRows<EventDbRow>(db, sql`select ${EVENT_COLUMNS} from events e where e.space_id = ${spaceId} and e.slug = ${slug}`);
  return row ? eventFromRow(row) : undefined;
}

/** The meeting link: read only for the personal join redirect and the organisers' own form. */
export async function eventMeetingUrl(db: Database, eventId: string): Promise<string | null> {
  const [row] = await queryRows<{ meeting_url: string | null }>(db, sql`select meeting_url from events where id = ${eventId}`);
  return row?.meeting_url || null;
}

/** Whether a person was invited to (or already holds a registration for) an invitation-only event. */
export async function isInvitedTo(db: Database, eventId: string, viewer: Viewer): Promise<boolean> {
  if (!viewer) return false;
  const [row] = await queryRows<{ invited: boolean }>(
    db,
    sql`select exists (select 1 from event_invitations i where i.event_id = ${eventId}
          and (i.user_id = ${viewer.id} or lower(i.email) = (select lower(u.email) from users u where u.id = ${viewer.id})))
        or exists (select 1 from event_registrations r where r.event_id = ${eventId} and r.user_id = ${viewer.id}) as invited`,
  );
  return Boolean(row?.invited);
}

/**
 * The SQL condition "this viewer may see the row `e` of events" for lists, feeds, calendars and search across
 * spaces: the space is visible to them and has events switched on, and the event's own visibility lets them in
 * (canSeeEvent, in SQL). Anonymous readers get public, published or cancelled events of public spaces only.
 */
export function visibleEventCondition(viewer: Viewer): SQL {
  // A private space's events are seen by its members only, as the space itself (visibleSpaceCondition).
  const spaceReader = !viewer
    ? sql`s.visibility = 'public'`
    : viewer.isPlatformAdmin
      ? sql`true`
      : sql`(s.visibility = 'public' or exists (select 1 from space_members vm where vm.space_id = s.id and vm.user_id = ${viewer.id}))`;
  const spaceOn = sql`exists (select 1 from spaces s where s.id = e.space_id and 'events' = any(s.enabled_modules) and ${spaceReader})`;
  if (!viewer) return sql`(${spaceOn} and e.status <> 'draft' and e.visibility = 'public')`;
  if (viewer.isPlatformAdmin) return sql`(${spaceOn})`;
  const organiser = sql`exists (select 1 from space_members om where om.space_id = e.space_id and om.user_id = ${viewer.id} and om.role in ('coordinator', 'facilitator'))`;
  const member = sql`exists (select 1 from space_members mm where mm.space_id = e.space_id and mm.user_id = ${viewer.id})`;
  const invited = sql`(exists (select 1 from event_invitations i where i.event_id = e.id and (i.user_id = ${viewer.id} or lower(i.email) = (select lower(u.email) from users u where u.id = ${viewer.id})))
    or exists (select 1 from event_registrations r where r.event_id = e.id and r.user_id = ${viewer.id}))`;
  return sql`(${spaceOn} and (${organiser} or (e.status <> 'draft' and (e.visibility = 'public' or (e.visibility = 'members' and ${member}) or (e.visibility = 'invitation' and ${invited})))))`;
}

export type LoadedEvent = { space: ViewedSpace; event: EventView; canManage: boolean };

/** A space whose events the viewer may see: visible to them and with the events feature on; else 404. */
export async function loadEventsSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("events")) throw notFound();
  return { space, canManage: canManageEvents(request.user, space.viewerRoles) };
}

/**
 * The event at /spaces/:slug/events/:event for this viewer, or 404 — the same 404 for an event that does not
 * exist and one the viewer may not see (a draft, a members-only or invitation-only event), so neither leaks.
 */
export async function loadEventForViewer(request: FastifyRequest, spaceSlug: string, eventSlug: string): Promise<LoadedEvent> {
  const { space, canManage } = await loadEventsSpace(request, spaceSlug);
  const db = request.server.services.db;
  const event = await findEventInSpace(db, space.id, eventSlug);
  if (!event) throw notFound();
  const isInvited = event.visibility === "invitation" && !canManage ? await isInvitedTo(db, event.id, request.user) : false;
  if (!canSeeEvent(request.user, space.viewerRoles, event, isInvited)) throw notFound();
  return { space, event, canManage };
}

export type EventPhase = "draft" | "cancelled" | "upcoming" | "running" | "ended";

/** Where the event stands now: its stored status, or (when published) before, during or after its time. */
export function eventPhase(event: Pick<EventView, "status" | "startsAt" | "endsAt">, now: Date): EventPhase {
  if (event.status === "draft") return "draft";
  if (event.status === "cancelled") return "cancelled";
  if (now < event.startsAt) return "upcoming";
  return now < event.endsAt ? "running" : "ended";
}

/** Whether registration is open now: published, not external, open, not past its closing time or the event's end. */
export function isRegistrationOpen(event: Pick<EventView, "status" | "isExternal" | "registrationState" | "registrationClosesAt" | "endsAt">, now: Date): boolean {
  if (event.status !== "published" || event.isExternal || event.registrationState !== "open") return false;
  if (event.registrationClosesAt && now >= event.registrationClosesAt) return false;
  return now < event.endsAt;
}

/** The path of an event's page. */
export const eventPath = (spaceSlug: string, eventSlug: string): string => `/spaces/${spaceSlug}/events/${eventSlug}`;
