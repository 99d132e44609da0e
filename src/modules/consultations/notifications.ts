import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { isLocale, type Locale } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import { jobs, type NotificationSettings } from "../../platform/schema";
import type { Services } from "../../platform/services";
import { canViewSpace, type SpaceRoleGrant } from "../spaces/permissions";
import type { SpaceRole, SpaceVisibility } from "../spaces/schema";
import { canFacilitateGroup, canViewConsultation, type ConsultationViewer } from "./permissions";
import type { ConsultationStatus, ConsultationVisibility, NotificationKind } from "./schema";

/** A contribution just written, as notifications need it (only `id` is read: the row itself is reloaded). */
export type PostedContribution = {
  id: string;
  consultationId: string;
  topicId: string;
  parentId: string | null;
  authorId: string;
  status: "published" | "held";
  breakoutId?: string | null;
  /**
   * Where it was just posted, as the posting command loaded it: a new post's subject is then known without
   * reloading it in the transaction, and nobody can have been told about it yet.
   */
  place?: { groupId: string; spaceVisibility: SpaceVisibility; spaceArchivedAt: Date | null; visibility: ConsultationVisibility; consultationStatus: ConsultationStatus };
};

/** The job that mails one notification to a person who wants mail at once. */
export const NOTIFY_JOB = "consultations.notify";

export type EmailFrequency = "immediately" | "daily" | "weekly" | "off";

/** The person's choice on the account page; unset means "immediately" (the account page's default too). */
export function emailFrequency(settings: NotificationSettings | null | undefined): EmailFrequency {
  const value = settings?.email;
  return value === "daily" || value === "weekly" || value === "off" ? value : "immediately";
}

type Candidate = {
  user_id: string;
  kind: NotificationKind;
  notification_settings: NotificationSettings | null;
  is_platform_admin: boolean;
  roles: string[] | null;
  facilitated: string[] | null;
  in_breakout: boolean;
};

type Subject = {
  consultation_id: string;
  topic_id: string;
  contribution_id: string | null;
  group_id: string;
  breakout_id: string | null;
  author_id: string | null;
  space_visibility: SpaceVisibility;
  space_archived_at: Date | null;
  visibility: ConsultationVisibility;
  consultation_status: ConsultationStatus;
};

// One query per person set: their roles in the space, the groups of this consultation they facilitate and
// whether they sit in the contribution's breakout, so who may see it is decided by the rules in permissions.ts.
const candidateColumns = (subject: Subject) => sql`
  u.notification_settings, u.is_platform_admin,
  array(select m.role from space_members m join consultations co on co.space_id = m.space_id where co.id = ${subject.consultation_id} and m.user_id = cand.user_id) as roles,
  array(select gf.group_id::text from consultation_group_facilitators gf join consultation_groups g on g.id = gf.group_id
        where g.consultation_id = ${subject.consultation_id} and gf.user_id = cand.user_id) as facilitated,
  ${subject.breakout_id
    ? sql`exists(select 1 from consultation_breakout_members bm where bm.breakout_id = ${subject.breakout_id} and bm.user_id = cand.user_id)`
    : sql`false`} as in_breakout`;

/** Whether this person may see the subject right now: the space, the consultation, and for a breakout post its breakout. */
function maySee(candidate: Candidate, subject: Subject): boolean {
  const roles: SpaceRoleGrant[] = (candidate.roles ?? []).map((role) => ({ role: role as SpaceRole, country: "" }));
  const viewer = { id: candidate.user_id, isPlatformAdmin: candidate.is_platform_admin };
  if (!canViewSpace(viewer, { visibility: subject.space_visibility, archivedAt: subject.space_archived_at }, roles)) return false;
  const who: ConsultationViewer = { viewer, isEmailVerified: true, spaceRoles: roles, facilitatedGroupIds: candidate.facilitated ?? [], isBlocked: false };
  if (!canViewConsultation(who, { visibility: subject.visibility, status: subject.consultation_status })) return false;
  // A breakout's talk stays inside it (and with those who facilitate the session) while it runs.
  if (subject.breakout_id && !candidate.in_breakout && !canFacilitateGroup(who, subject.group_id)) return false;
  return true;
}

/** Queues the at-once mail of one notification inside the caller's transaction. */
type Enqueue = (notificationId: string) => Promise<unknown>;

const throughQueue = (services: Services, tx: Database, now: Date): Enqueue => (notificationId) => services.jobs.enqueue(NOTIFY_JOB, { notificationId }, { db: tx, runAt: now });

// The moderation flow's status hook is given only its transaction, so approval queues the job row itself:
// the same insert JobQueue.enqueue makes (its default of 5 attempts).
const straightIntoJobs = (tx: Database, now: Date): Enqueue => (notificationId) =>
  tx.insert(jobs).values({ kind: NOTIFY_JOB, payload: { notificationId }, runAt: now, maxAttempts: 5 });

/**
 * Writes a notification row per recipient who wants mail at all and queues the at-once mails, both inside
 * the caller's transaction, so a rolled-back post tells nobody.
 */
async function record(enqueue: Enqueue, tx: Database, subject: Subject, recipients: Candidate[], now: Date): Promise<number> {
  let count = 0;
  for (const recipient of recipients) {
    const frequency = emailFrequency(recipient.notification_settings);
    if (frequency === "off") continue;
    const [row] = await queryRows<{ id: string }>(tx, sql`
      insert into consultation_notifications (user_id, kind, consultation_id, topic_id, contribution_id, created_at)
      values (${recipient.user_id}, ${recipient.kind}, ${subject.consultation_id}, ${subject.topic_id}, ${subject.contribution_id}, ${now})
      returning id`);
    count += 1;
    if (frequency === "immediately") await enqueue(row!.id);
  }
  return count;
}

async function contributionSubject(tx: Database, contributionId: string): Promise<(Subject & { status: string; parent_id: string | null }) | undefined> {
  const [row] = await queryRows<Subject & { status: string; parent_id: string | null }>(tx, sql`
    select cc.consultation_id, cc.topic_id, cc.id as contribution_id, t.group_id, cc.breakout_id, cc.author_id, cc.status, cc.parent_id,
      s.visibility as space_visibility, s.archived_at as space_archived_at, co.visibility, co.status as consultation_status
    from consultation_contributions cc
    join consultation_topics t on t.id = cc.topic_id
    join consultations co on co.id = cc.consultation_id
    join spaces s on s.id = co.space_id
    where cc.id = ${contributionId}`);
  return row;
}

/**
 * Records, inside the posting transaction, who must hear about a new contribution: the parent's author for a
 * reply ("reply"), and followers of its topic or of its whole consultation ("new_contribution"), never its own
 * author, and only people who may see it (private spaces, members-only consultations, and for a breakout post
 * only that breakout's members and the session's facilitators). A held contribution tells nobody yet: the
 * moderation flow calls `notifyAboutApprovedContribution` when it is approved. People who chose "immediately"
 * (the default) get a mail through a job; "daily"/"weekly" get the row in their digest; "off" get nothing.
 * Returns how many people were notified.
 */
export async function notifyAboutContribution(services: Services, tx: Database, contribution: PostedContribution, now: Date): Promise<number> {
  const { place } = contribution;
  if (!place) return notifyPublished(throughQueue(services, tx, now), tx, contribution.id, now);
  if (contribution.status !== "published") return 0;
  return notifySubject(throughQueue(services, tx, now), tx, {
    consultation_id: contribution.consultationId,
    topic_id: contribution.topicId,
    contribution_id: contribution.id,
    group_id: place.groupId,
    breakout_id: contribution.breakoutId ?? null,
    author_id: contribution.authorId,
    parent_id: contribution.parentId,
    space_visibility: place.spaceVisibility,
    space_archived_at: place.spaceArchivedAt,
    visibility: place.visibility,
    consultation_status: place.consultationStatus,
  }, now);
}

async function notifyPublished(enqueue: Enqueue, tx: Database, contributionId: string, now: Date): Promise<number> {
  const subject = await contributionSubject(tx, contributionId);
  if (!subject || subject.status !== "published") return 0;
  // Approval may run twice (two moderators, a retried request): the first run's rows stand.
  const [already] = await queryRows<{ id: string }>(tx, sql`select id from consultation_notifications where contribution_id = ${contributionId} limit 1`);
  if (already) return 0;
  return notifySubject(enqueue, tx, subject, now);
}

/** Finds who must hear about a published contribution (one query) and records it for those who may see it. */
async function notifySubject(enqueue: Enqueue, tx: Database, subject: Subject & { parent_id: string | null }, now: Date): Promise<number> {
  const candidates = await queryRows<Candidate>(tx, sql`
    with cand as (
      select p.author_id as user_id, 'reply' as kind, 0 as rank from consultation_contributions p
        where p.id = ${subject.parent_id}::uuid and p.author_id is not null and p.status in ('published', 'held', 'hidden')
      union all
      select f.user_id, 'new_contribution' as kind, 1 as rank from consultation_follows f
        where f.consultation_id = ${subject.consultation_id} and (f.topic_id is null or f.topic_id = ${subject.topic_id})
    )
    select distinct on (cand.user_id) cand.user_id, cand.kind, ${candidateColumns(subject)}
    from cand join users u on u.id = cand.user_id
    where u.deleted_at is null and cand.user_id is distinct from ${subject.author_id}::uuid
    order by cand.user_id, cand.rank`);
  return record(enqueue, tx, subject, candidates.filter((candidate) => maySee(candidate, subject)), now);
}

/**
 * For the moderation flow: call inside the transaction that approves a held contribution, after its status
 * became "published" (e.g. from the moderation subject's setStatus, which has only the transaction). Tells the
 * same people a directly published one would have told; safe to call twice, and a no-op for any other status.
 */
export async function notifyAboutApprovedContribution(tx: Database, contributionId: string, now: Date): Promise<number> {
  return notifyPublished(straightIntoJobs(tx, now), tx, contributionId, now);
}

/**
 * Tells the followers of a whole consultation (not of single topics) that a topic was added, inside the
 * caller's transaction. Call it when a topic is added to a published consultation. Returns how many.
 */
export async function notifyAboutNewTopic(services: Services, tx: Database, topic: { id: string; consultationId: string }, now: Date, actorUserId: string | null = null): Promise<number> {
  const [base] = await queryRows<Omit<Subject, "contribution_id" | "breakout_id" | "author_id">>(tx, sql`
    select co.id as consultation_id, t.id as topic_id, t.group_id, s.visibility as space_visibility, s.archived_at as space_archived_at,
      co.visibility, co.status as consultation_status
    from consultation_topics t join consultations co on co.id = t.consultation_id join spaces s on s.id = co.space_id
    where t.id = ${topic.id} and co.id = ${topic.consultationId}`);
  if (!base || base.consultation_status !== "published") return 0;
  const subject: Subject = { ...base, contribution_id: null, breakout_id: null, author_id: actorUserId };
  const [already] = await queryRows<{ id: string }>(tx, sql`select id from consultation_notifications where topic_id = ${topic.id} and kind = 'new_topic' limit 1`);
  if (already) return 0;
  const candidates = await queryRows<Candidate>(tx, sql`
    with cand as (select f.user_id, 'new_topic' as kind from consultation_follows f where f.consultation_id = ${subject.consultation_id} and f.topic_id is null)
    select cand.user_id, cand.kind, ${candidateColumns(subject)}
    from cand join users u on u.id = cand.user_id
    where u.deleted_at is null and cand.user_id is distinct from ${actorUserId}::uuid`);
  return record(throughQueue(services, tx, now), tx, subject, candidates.filter((candidate) => maySee(candidate, subject)), now);
}

/** One notification with everything a mail line needs. */
export type NotificationDetail = {
  id: string;
  kind: NotificationKind;
  email: string;
  locale: Locale;
  spaceSlug: string;
  consultationSlug: string;
  consultationTitle: LocalizedText;
  topicNumber: number | null;
  topicTitle: LocalizedText;
  contributionNumber: number | null;
  contributionStatus: string | null;
  body: string;
  authorName: string;
};

/** Loads notifications by id (any owner) with their consultation, topic, contribution and recipient. */
export async function notificationDetails(db: Database, ids: readonly string[]): Promise<NotificationDetail[]> {
  if (!ids.length) return [];
  const rows = await queryRows<{
    id: string;
    kind: NotificationKind;
    email: string;
    locale: string;
    space_slug: string;
    consultation_slug: string;
    consultation_title: LocalizedText;
    topic_number: number | null;
    topic_title: LocalizedText | null;
    contribution_number: number | string | null;
    contribution_status: string | null;
    body: string | null;
    author_name: string | null;
  }>(db, sql`
    select n.id, n.kind, u.email, u.locale, s.slug as space_slug, co.slug as consultation_slug, co.title as consultation_title,
      t.number as topic_number, t.title as topic_title, cc.number as contribution_number, cc.status as contribution_status,
      cc.body, a.display_name as author_name
    from consultation_notifications n
    join users u on u.id = n.user_id
    join consultations co on co.id = n.consultation_id
    join spaces s on s.id = co.space_id
    left join consultation_topics t on t.id = n.topic_id
    left join consultation_contributions cc on cc.id = n.contribution_id
    left join users a on a.id = cc.author_id and a.deleted_at is null
    where n.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
    order by n.created_at, n.id`);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    email: row.email,
    locale: isLocale(row.locale) ? row.locale : "en",
    spaceSlug: row.space_slug,
    consultationSlug: row.consultation_slug,
    consultationTitle: row.consultation_title,
    topicNumber: row.topic_number,
    topicTitle: row.topic_title ?? {},
    contributionNumber: row.contribution_number === null ? null : Number(row.contribution_number),
    contributionStatus: row.contribution_status,
    body: row.body ?? "",
    authorName: row.author_name ?? "",
  }));
}

/** Whether a notification still has something to show (its contribution was not hidden or deleted since). */
export const isStillShowable = (detail: NotificationDetail): boolean => detail.kind === "new_topic" || detail.contributionStatus === "published";

/** The absolute address a notification points to: the contribution's permalink, or the new topic. */
export function notificationUrl(publicUrl: string, detail: NotificationDetail): string {
  const base = `${publicUrl.replace(/\/$/, "")}/spaces/${encodeURIComponent(detail.spaceSlug)}/consultations/${encodeURIComponent(detail.consultationSlug)}`;
  if (detail.kind !== "new_topic" && detail.contributionNumber !== null) return `${base}/contributions/${detail.contributionNumber}`;
  return detail.topicNumber !== null ? `${base}/topics/${detail.topicNumber}` : base;
}

/** A short plain-text excerpt of a contribution for a mail (Markdown marks are left as typed). */
export function excerpt(body: string, length = 280): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** The values a notification's message needs, in the recipient's language. */
export function notificationValues(publicUrl: string, detail: NotificationDetail): Record<string, string> {
  const t = translator(detail.locale);
  return {
    author: detail.authorName || t("consultation.participation.mail.someone"),
    topic: localizedString(detail.topicTitle, detail.locale),
    consultation: localizedString(detail.consultationTitle, detail.locale),
    excerpt: excerpt(detail.body),
    url: notificationUrl(publicUrl, detail),
    settingsUrl: `${publicUrl.replace(/\/$/, "")}/account`,
  };
}
