import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { hashToken, randomToken } from "../../../platform/crypto";
import { conflict, notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import { localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { translator } from "../../../platform/i18n/messages";
import { acceptOffer, approveClaim, claimSeat, ensureSeatPool, expireOffers, findSeatPool, releaseClaim, type SeatChange } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { canActForOrganisation } from "../../organisations/queries";
import { SEATS_CHANGED_JOB, type Actor } from "../commands/save-event";
import { findEventById, isRegistrationOpen, type EventView } from "../queries";
import { EVENT_POOL, SESSION_POOL, QUESTION_KINDS, type QuestionKind, type QuestionOption, type RegistrationAnswers } from "../schema";
import { eventTimeText, mailKindForChange, queueRegistrationMail, queueSessionSeatMail } from "./mail";
import { findRegistration, listQuestions, type QuestionView, type RegistrationView } from "./queries";

// What people and organisers do with registrations. Seats (capacity, waitlist, offers) are the platform's
// (platform/seats), called inside one transaction with the registration row and the mails, so a mail is sent
// only for a change that committed and a registration never exists without its claim.

/** A value the form or the API sent for a question: text, one option key, or several. */
export type AnswerInput = (questionId: string) => string | string[] | undefined;

const MAX_ANSWER = 2000;

/** Checks answers against the organiser's questions; errors are keyed `answer.<question id>`. */
export function readAnswers(questions: readonly QuestionView[], input: AnswerInput): { answers: RegistrationAnswers; errors: FieldErrors } {
  const answers: RegistrationAnswers = {};
  const errors: FieldErrors = {};
  for (const question of questions) {
    const field = `answer.${question.id}`;
    const raw = input(question.id);
    const keys = new Set(question.options.map((option) => option.key));
    if (question.kind === "text") {
      const text = (Array.isArray(raw) ? raw.join(" ") : (raw ?? "")).trim();
      if (text.length > MAX_ANSWER) errors[field] = { key: "events.registration.error.answer_too_long", values: { max: MAX_ANSWER } };
      else if (text) answers[question.id] = text;
    } else if (question.kind === "single") {
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (key && !keys.has(key)) errors[field] = { key: "events.registration.error.unknown_option" };
      else if (key) answers[question.id] = key;
    } else {
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
      if (list.some((key) => !keys.has(key))) errors[field] = { key: "events.registration.error.unknown_option" };
      else if (list.length) answers[question.id] = [...new Set(list)];
    }
    if (question.isRequired && !errors[field] && answers[question.id] === undefined) errors[field] = { key: "events.registration.error.answer_required" };
  }
  return { answers, errors };
}

/** A code typed at the door: 8 characters without look-alikes (no 0/O, 1/I/L). */
function newCheckInCode(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  return [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** Mails each holder whose claim on an event's or a session's seats changed (the job and the commands share it). */
export async function mailSeatChanges(services: Services, db: Database, changes: readonly SeatChange[]): Promise<void> {
  for (const change of changes) {
    if (change.kind === SESSION_POOL) {
      // A session seat: the person holds the event's place already; only an offer and its lapse need a word.
      const kind = change.to === "offered" ? "session_offered" : change.to === "expired" ? "session_expired" : null;
      if (kind) await queueSessionSeatMail(services, db, { sessionId: change.ownerId, userId: change.holderId, kind, offerExpiresAt: change.offerExpiresAt ? new Date(change.offerExpiresAt) : null });
      continue;
    }
    if (change.kind !== EVENT_POOL) continue;
    const kind = change.to === "declined" && change.from === "offered" ? "cancelled" : mailKindForChange(change.from, change.to);
    if (!kind) continue;
    await queueRegistrationMail(services, db, { eventId: change.ownerId, userId: change.holderId, kind, offerExpiresAt: change.offerExpiresAt ? new Date(change.offerExpiresAt) : null });
  }
}

/**
 * Hands the mails a seat change means to the `events.seats-changed` job, in the caller's transaction: one small
 * insert while the pool's row is locked, so a burst of registrations does not queue behind mail rendering.
 */
export async function queueSeatChanges(services: Services, db: Database, changes: readonly SeatChange[]): Promise<void> {
  const ours = changes.filter((change) => change.kind === EVENT_POOL);
  if (!ours.length) return;
  await services.jobs.enqueue(SEATS_CHANGED_JOB, { changes: ours.map((change) => ({ ...change, offerExpiresAt: change.offerExpiresAt?.toISOString() ?? null })) }, { db });
}

async function eventPoolId(db: Database, event: EventView): Promise<string> {
  return (await findSeatPool(db, EVENT_POOL, event.id))?.id ?? (await ensureSeatPool(db, { kind: EVENT_POOL, ownerId: event.id, capacity: null }));
}

export type RegisterInput = { answers: AnswerInput; organisationId?: string | null; locale: string };

/**
 * Registers a person for an event: confirmed while there is room, on the waitlist when full, pending in approval
 * mode. Asking again while registered changes nothing (the same place, the same queue position). Bad answers
 * come back as field errors (422), a closed registration as 409.
 */
export async function registerForEvent(services: Services, actor: Actor, event: EventView, input: RegisterInput): Promise<RegistrationView> {
  const now = services.clock.now();
  if (!isRegistrationOpen(event, now)) throw conflict("events.registration.error.closed");
  const questions = await listQuestions(services.db, event.id);
  const { answers, errors } = readAnswers(questions, input.answers);
  const organisationId = input.organisationId || null;
  if (organisationId) {
    if (!event.allowsOrganisation) errors.organisation_id = { key: "events.registration.error.organisation_not_allowed" };
    else if (!(await canActForOrganisation(services.db, actor.id, organisationId))) errors.organisation_id = { key: "events.registration.error.not_your_organisation" };
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  const registrationId = await services.db.transaction(async (tx) => {
    const poolId = await eventPoolId(tx, event);
    const { claim, isNew, changes } = await claimSeat(tx, { poolId, holderId: actor.id, needsApproval: event.registrationMode === "approval", now });
    if (!isNew) {
      const [existing] = await queryRows<{ id: string }>(tx, sql`select id from event_registrations where claim_id = ${claim.id}`);
      return existing.id;
    }
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into event_registrations (event_id, user_id, claim_id, organisation_id, answers, locale, check_in_code, created_at, updated_at)
        values (${event.id}, ${actor.id}, ${claim.id}, ${organisationId}, ${JSON.stringify(answers)}::jsonb, ${input.locale}, ${newCheckInCode()}, ${now}, ${now})
        returning id`,
    );
    await tx.execute(sql`update event_invitations set user_id = ${actor.id}, accepted_at = coalesce(accepted_at, ${now})
      where event_id = ${event.id} and lower(email) = (select lower(email) from users where id = ${actor.id})`);
    await queueSeatChanges(services, tx, changes);
    return row.id;
  });
  return (await findRegistration(services.db, registrationId))!;
}

/** The registration, which must be the actor's own (else 404, as if it did not exist). */
async function ownRegistration(services: Services, actor: Actor, registrationId: string): Promise<RegistrationView> {
  const registration = await findRegistration(services.db, registrationId);
  if (!registration || registration.userId !== actor.id) throw notFound();
  return registration;
}

/** A person cancels their own registration (any live state); a seat it held is offered to the next in line. */
export async function cancelRegistration(services: Services, actor: Actor, registrationId: string): Promise<void> {
  const registration = await ownRegistration(services, actor, registrationId);
  await services.db.transaction(async (tx) => {
    const changes = await releaseClaim(tx, registration.claimId, "cancelled", services.clock.now());
    await queueSeatChanges(services, tx, changes);
  });
}

/** The person offered a seat takes it (409 once the offer expired or passed on). */
export async function acceptSeatOffer(services: Services, actor: Actor, registrationId: string): Promise<void> {
  const registration = await ownRegistration(services, actor, registrationId);
  await services.db.transaction(async (tx) => {
    const changes = await acceptOffer(tx, registration.claimId, services.clock.now());
    await queueSeatChanges(services, tx, changes);
  });
}

/** The person offered a seat turns it down: it goes to the next in line. */
export async function declineSeatOffer(services: Services, actor: Actor, registrationId: string): Promise<void> {
  const registration = await ownRegistration(services, actor, registrationId);
  if (registration.status !== "offered") throw conflict("seats.error.noOffer");
  await services.db.transaction(async (tx) => {
    const changes = await releaseClaim(tx, registration.claimId, "declined", services.clock.now());
    await queueSeatChanges(services, tx, changes);
  });
}

/** An organiser approves or declines a pending request (or removes someone); audited. */
export async function decideRegistration(services: Services, actor: Actor, event: EventView, registrationId: string, decision: "approve" | "decline"): Promise<void> {
  const registration = await findRegistration(services.db, registrationId);
  if (!registration || registration.eventId !== event.id) throw notFound();
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const changes = decision === "approve" ? await approveClaim(tx, registration.claimId, now) : await releaseClaim(tx, registration.claimId, "declined", now);
    await queueSeatChanges(services, tx, changes);
    await recordAudit(tx, { actorUserId: actor.id, action: `event.registration_${decision}d`, subjectType: "event_registration", subjectId: registrationId, spaceId: event.spaceId, ip: actor.ip ?? null });
  });
}

/** Offers not taken in time pass on to the next person waiting; each person concerned is mailed. */
export async function expireEventOffers(services: Services): Promise<SeatChange[]> {
  return services.db.transaction(async (tx) => {
    // Session seats (the agenda's own registrations) expire on the same clock and are mailed likewise.
    const changes = await expireOffers(tx, services.clock.now(), [EVENT_POOL, SESSION_POOL]);
    await mailSeatChanges(services, tx, changes);
    return changes;
  });
}

/** Tells every live registrant of an event that it changed or was cancelled (the `events.changed` job). */
export async function announceEventChange(services: Services, eventId: string, change: "updated" | "cancelled"): Promise<number> {
  return services.db.transaction(async (tx) => {
    const holders = await queryRows<{ user_id: string }>(
      tx,
      sql`select distinct r.user_id from event_registrations r join seat_claims c on c.id = r.claim_id
        where r.event_id = ${eventId} and c.status in ('pending', 'confirmed', 'waitlisted', 'offered')`,
    );
    for (const holder of holders) await queueRegistrationMail(services, tx, { eventId, userId: holder.user_id, kind: change === "cancelled" ? "event_cancelled" : "updated" });
    return holders.length;
  });
}

const HOUR_MS = 3_600_000;

/**
 * Reminds confirmed registrants a day and an hour before a published event starts. A reminder row is written
 * first (`on conflict do nothing`), so each reminder goes once even when the job runs twice; a day reminder is
 * skipped when the hour one is already due.
 */
export async function sendEventReminders(services: Services): Promise<number> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const due = await queryRows<{ id: string; user_id: string; event_id: string; kind: "day" | "hour" }>(
      tx,
      sql`select r.id, r.user_id, r.event_id, case when e.starts_at <= ${new Date(now.getTime() + HOUR_MS)} then 'hour' else 'day' end as kind
        from event_registrations r join events e on e.id = r.event_id join seat_claims c on c.id = r.claim_id
        where c.status = 'confirmed' and e.status = 'published' and e.starts_at > ${now} and e.starts_at <= ${new Date(now.getTime() + 24 * HOUR_MS)}`,
    );
    let sent = 0;
    for (const row of due) {
      const inserted = await queryRows<{ registration_id: string }>(
        tx,
        sql`insert into event_registration_reminders (registration_id, kind, sent_at) values (${row.id}, ${row.kind}, ${now}) on conflict do nothing returning registration_id`,
      );
      if (row.kind === "hour") await tx.execute(sql`insert into event_registration_reminders (registration_id, kind, sent_at) values (${row.id}, 'day', ${now}) on conflict do nothing`);
      if (!inserted.length) continue;
      await queueRegistrationMail(services, tx, { eventId: row.event_id, userId: row.user_id, kind: row.kind === "hour" ? "reminder_hour" : "reminder_day" });
      sent += 1;
    }
    return sent;
  });
}

// ---------------------------------------------------------------------------------------------------------
// The organiser's questions.

export type QuestionInput = { kind: string; label: LocalizedText; options: string; isRequired: boolean };

/** Adds a question at the end of the form. Options: one per line, in the page's language and the others alike. */
export async function addQuestion(services: Services, actor: Actor, event: EventView, input: QuestionInput): Promise<void> {
  const errors: FieldErrors = {};
  if (!QUESTION_KINDS.includes(input.kind as QuestionKind)) errors.kind = { key: "events.registration.error.question_kind" };
  if (!Object.values(input.label).some((text) => text?.trim())) errors.label = { key: "events.registration.error.question_label" };
  const lines = input.options.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).slice(0, 30);
  if (input.kind !== "text" && lines.length < 2) errors.options = { key: "events.registration.error.question_options" };
  if (lines.some((line) => line.length > 200) || Object.values(input.label).some((text) => (text ?? "").length > 500)) errors.label = { key: "events.registration.error.question_too_long" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  // One option line is one choice; "en | ru" gives it both languages.
  const options: QuestionOption[] =
    input.kind === "text"
      ? []
      : lines.map((line, index) => {
          const [en, ru] = line.split("|").map((part) => part.trim());
          return { key: `o${index + 1}`, label: ru ? { en, ru } : { en, ru: en } };
        });
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into event_questions (event_id, position, kind, label, options, is_required)
        values (${event.id}, (select coalesce(max(position), 0) + 1 from event_questions where event_id = ${event.id}), ${input.kind},
          ${JSON.stringify(input.label)}::jsonb, ${JSON.stringify(options)}::jsonb, ${input.isRequired})`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "event.question_added", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, ip: actor.ip ?? null });
  });
}

/** Removes a question (answers already given stay in the registrations, keyed by its id). */
export async function removeQuestion(services: Services, actor: Actor, event: EventView, questionId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(questionId)) throw notFound();
  await services.db.transaction(async (tx) => {
    const removed = await queryRows<{ id: string }>(tx, sql`delete from event_questions where id = ${questionId} and event_id = ${event.id} returning id`);
    if (!removed.length) throw notFound();
    await recordAudit(tx, { actorUserId: actor.id, action: "event.question_removed", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, ip: actor.ip ?? null });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Invitations.

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Invites people by address (one per line or comma): a mail in their language (their account's, else the
 * organiser's) with a personal link; only the token's hash is kept. Someone already invited is not mailed again.
 */
export async function inviteToEvent(services: Services, actor: Actor, event: EventView, input: { emails: string; locale: string; spaceSlug: string }): Promise<number> {
  const emails = [...new Set(input.emails.split(/[\s,;]+/).map((email) => email.trim().toLowerCase()).filter(Boolean))];
  const bad = emails.filter((email) => !EMAIL.test(email) || email.length > 254);
  if (!emails.length || bad.length) throw validationFailed({ emails: { key: "events.registration.error.emails", values: { bad: bad.slice(0, 3).join(", ") } } });
  if (emails.length > 200) throw validationFailed({ emails: { key: "events.registration.error.too_many_emails", values: { max: 200 } } });
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  return services.db.transaction(async (tx) => {
    let sent = 0;
    for (const email of emails) {
      const token = randomToken();
      const inserted = await queryRows<{ id: string }>(
        tx,
        sql`insert into event_invitations (event_id, email, token_hash, invited_by, user_id, created_at)
          values (${event.id}, ${email}, ${hashToken(token)}, ${actor.id}, (select id from users where lower(email) = ${email} and deleted_at is null limit 1), ${services.clock.now()})
          on conflict (event_id, email) do nothing returning id`,
      );
      if (!inserted.length) continue;
      const [user] = await queryRows<{ locale: string }>(tx, sql`select locale from users where lower(email) = ${email} and deleted_at is null limit 1`);
      const locale = user?.locale || input.locale;
      const t = translator(locale);
      const values = { title: localizedString(event.title, locale), when: eventTimeText(event, locale), url: `${publicUrl}/events/invitations/${token}` };
      await services.mailer.queue({ to: email, subject: t("events.registration.mail.invitation.subject", values), text: t("events.registration.mail.invitation.body", values), locale }, { db: tx });
      sent += 1;
    }
    await recordAudit(tx, { actorUserId: actor.id, action: "event.invited", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { count: sent }, ip: actor.ip ?? null });
    return sent;
  });
}

/** Opens an invitation link for the signed-in person: it becomes theirs. Returns the event, or 404. */
export async function acceptInvitation(services: Services, actor: Actor, token: string): Promise<EventView> {
  if (!/^[\w-]{20,100}$/.test(token)) throw notFound();
  const [row] = await queryRows<{ id: string; event_id: string; user_id: string | null }>(
    services.db,
    sql`select id, event_id, user_id from event_invitations where token_hash = ${hashToken(token)}`,
  );
  if (!row || (row.user_id && row.user_id !== actor.id)) throw notFound();
  await services.db.execute(sql`update event_invitations set user_id = ${actor.id}, accepted_at = coalesce(accepted_at, ${services.clock.now()}) where id = ${row.id}`);
  const event = await findEventById(services.db, row.event_id);
  if (!event) throw notFound();
  return event;
}
