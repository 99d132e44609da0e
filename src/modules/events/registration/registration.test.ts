import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import type { FastifyRequest } from "fastify";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import nodeIcal, { type VEvent } from "node-ical";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "../../../db/sql";
import { createApiToken } from "../../../platform/api/tokens";
import type { CurrentUser } from "../../../platform/http/context";
import { intlFormat, translator } from "../../../platform/i18n/messages";
import { findSeatPool, seatCounts } from "../../../platform/seats/seats";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { primaryAction } from "../../../testing/page-header";
import { buildUser, TEST_PASSWORD, XSS, type BuiltUser } from "../../../testing/factories";
import { outboxMessages, type OutboxMail } from "../../../testing/outbox";
import { buildOrganisation } from "../../organisations/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { getSpaceForViewer } from "../../spaces/queries";
import { setEventStatus, updateEvent } from "../commands/save-event";
import { buildEvent, type BuiltEvent } from "../factories";
import { readEventInput, type EventFields } from "../inputs";
import { eventPath, findEventById } from "../queries";
import { EVENT_POOL } from "../schema";
import { createSession } from "../agenda/commands/save-session";
import { readSessionInput } from "../agenda/inputs";
import { expireEventOffers, sendEventReminders } from "./commands";
import { EXPIRE_OFFERS_JOB } from "./jobs";
import { registrationPanel } from "./panel";
import { viewerRegistration } from "./queries";
import { seedRegistrationDemo } from "./seed";

const HOUR = 3_600_000;

/** The .ics attached to a mail, parsed back with node-ical (an independent parser): its one VEVENT and METHOD. */
function calendarOf(mail: OutboxMail): { event: VEvent; method: string; raw: string } {
  const attachment = mail.attachments.find((item) => item.filename.endsWith(".ics"));
  assert.ok(attachment, `the mail "${mail.subject}" carries an .ics`);
  assert.match(attachment.contentType, /^text\/calendar/);
  const parsed = nodeIcal.sync.parseICS(attachment.content);
  const events = Object.values(parsed).filter((item): item is VEvent => item?.type === "VEVENT");
  assert.equal(events.length, 1);
  return { event: events[0], method: /METHOD:(\w+)/.exec(attachment.content)?.[1] ?? "", raw: attachment.content };
}

async function mailsTo(t: TestApp, email: string): Promise<OutboxMail[]> {
  await t.services.jobs.drain();
  return (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(email));
}

async function statusOf(t: TestApp, eventId: string, userId: string): Promise<string | undefined> {
  return (await viewerRegistration(t.services.db, eventId, userId))?.status;
}

describe("events: registration, waitlist, offers and their mails", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  const logIn = async (user: BuiltUser, locale = "en") => new Browser(t.app, locale).logIn(user.email, TEST_PASSWORD);
  const registerPath = (event: BuiltEvent) => `${eventPath(event.space.slug, event.slug)}/register`;

  /** The event page's registration section for a viewer, rendered as the event page does. */
  async function panelFor(event: BuiltEvent, user: BuiltUser | null, locale = "en") {
    const current: CurrentUser | null = user ? { id: user.id, email: user.email, displayName: user.displayName, locale, isPlatformAdmin: false, isEmailVerified: true } : null;
    const space = await getSpaceForViewer(t.services.db, event.space.slug, current);
    const view = { locale, t: translator(locale), format: intlFormat(locale), user: current, csrfToken: "csrf", flash: null, url: "/" };
    const loaded = (await findEventById(t.services.db, event.id))!;
    const request = { server: { services: t.services } } as unknown as FastifyRequest;
    const panel = await registrationPanel({ request, view, space, event: loaded, canManage: false, now: t.clock.now() });
    return String(panel?.main ?? "");
  }

  it("registers through the form with the organiser's questions, keeps input on errors, mails a confirmation with a correct .ics", async () => {
    const event = await buildEvent(t.services, { capacity: 5 });
    const organiser = { id: event.space.createdBy };
    const coordinator = await logIn((await buildUser(t.services, { isPlatformAdmin: true })) as BuiltUser);
    // The organiser writes two questions through the editor; a bad one is refused with a translated message.
    const bad = await coordinator.post(`${eventPath(event.space.slug, event.slug)}/questions`, { "label.en": "", kind: "single", options: "only one" });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes("Write the question in at least one language."));
    assert.ok(bad.body.includes("A choice question needs at least two options"));
    assert.ok(bad.body.includes("only one"), "the organiser's input is kept");
    assert.equal((await coordinator.post(`${eventPath(event.space.slug, event.slug)}/questions`, { "label.en": "Your dietary needs", "label.ru": "Питание", kind: "text", options: "" })).statusCode, 303);
    assert.equal(
      (await coordinator.post(`${eventPath(event.space.slug, event.slug)}/questions`, { "label.en": `${XSS} How will you attend?`, kind: "single", options: "In person | Очно\nOnline | Онлайн", is_required: "on" })).statusCode,
      303,
    );
    const editor = await coordinator.get(`${eventPath(event.space.slug, event.slug)}/questions`);
    assert.ok(!editor.body.includes(XSS) && editor.body.includes("&lt;script&gt;"), "labels are escaped");
    void organiser;

    const user = await buildUser(t.services, { displayName: "Aliya", locale: "ru" });
    const browser = await logIn(user, "ru");
    const form = await browser.get(registerPath(event));
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes("Питание") && form.body.includes("Онлайн"));
    const [required, diet] = await queryRows<{ id: string; options: { key: string }[] }>(
      t.services.db,
      sql`select id, options from event_questions where event_id = ${event.id} order by (kind = 'single') desc`,
    );
    const missing = await browser.post(registerPath(event), { [`answer.${diet.id}`]: "Без глютена" });
    assert.equal(missing.statusCode, 422);
    assert.ok(missing.body.includes("Пожалуйста, ответьте на этот вопрос."));
    assert.ok(missing.body.includes("Без глютена"), "the answer already typed is kept");
    assert.equal(await statusOf(t, event.id, user.id), undefined, "nothing is registered on a failed form");
    const wrongOption = await browser.post(registerPath(event), { [`answer.${required.id}`]: "o9" });
    assert.equal(wrongOption.statusCode, 422);

    const done = await browser.post(registerPath(event), { [`answer.${required.id}`]: required.options[1].key, [`answer.${diet.id}`]: "Без глютена" });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `${eventPath(event.space.slug, event.slug)}#my-registration`);
    assert.equal(await statusOf(t, event.id, user.id), "confirmed");
    const again = await browser.post(registerPath(event), { [`answer.${required.id}`]: required.options[0].key });
    assert.equal(again.statusCode, 303, "asking twice keeps the one registration");
    const [count] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_registrations where event_id = ${event.id}`);
    assert.equal(count.n, 1);

    const [mail] = await mailsTo(t, user.email);
    assert.equal(mail.language, "ru");
    assert.match(mail.subject, /^Вы зарегистрированы: /);
    assert.ok(mail.text.includes("Когда:") && !mail.text.includes("secret-room-4711"));
    const { event: vevent, method } = calendarOf(mail);
    assert.equal(method, "REQUEST");
    assert.equal(vevent.uid, `event-${event.id}@convene.test`);
    assert.equal(vevent.start.toISOString(), event.startsAt.toISOString());
    assert.equal(vevent.end?.toISOString(), event.endsAt.toISOString());
    assert.equal((vevent.start as Date & { tz?: string }).tz, "Europe/Berlin");
    assert.equal(Number(vevent.sequence), event.sequence);

    const panel = await panelFor(event, user, "ru");
    assert.ok(panel.includes("Вы зарегистрированы.") && panel.includes("/registration/cancel"));
    assert.ok((await panelFor(event, null)).includes(`/login?next=${encodeURIComponent(registerPath(event))}`));
    assert.ok(!panel.includes("secret-room-4711"));
  });

  it("puts people on a first-come waitlist, offers a freed seat to the next one (mail with .ics), who takes it", async () => {
    const event = await buildEvent(t.services, { capacity: 1, offerHours: 24 });
    const [first, second, third] = await Promise.all([buildUser(t.services), buildUser(t.services), buildUser(t.services, { locale: "ru" })]);
    const browsers = [await logIn(first), await logIn(second), await logIn(third, "ru")];
    for (const browser of browsers) assert.equal((await browser.post(registerPath(event), {})).statusCode, 303);
    assert.deepEqual([await statusOf(t, event.id, first.id), await statusOf(t, event.id, second.id), await statusOf(t, event.id, third.id)], ["confirmed", "waitlisted", "waitlisted"]);
    assert.ok((await panelFor(event, third, "ru")).includes("Вы в листе ожидания, номер 2."));
    assert.match((await mailsTo(t, second.email))[0].subject, /^You are on the waitlist/);

    // The first person cancels: the seat is offered to the second (not the third), by mail.
    assert.equal((await browsers[0].post(`${eventPath(event.space.slug, event.slug)}/registration/cancel`, {})).statusCode, 303);
    assert.equal(await statusOf(t, event.id, second.id), "offered");
    assert.equal(await statusOf(t, event.id, third.id), "waitlisted");
    const cancelled = (await mailsTo(t, first.email)).at(-1)!;
    assert.match(cancelled.subject, /^Registration cancelled/);
    assert.equal(calendarOf(cancelled).method, "CANCEL");
    assert.equal(calendarOf(cancelled).event.status, "CANCELLED");
    const offer = (await mailsTo(t, second.email)).at(-1)!;
    assert.match(offer.subject, /^A seat is free for you/);
    assert.ok(offer.text.includes(`http://convene.test${registerPath(event)}`));
    assert.equal(calendarOf(offer).event.uid, `event-${event.id}@convene.test`);

    assert.equal((await browsers[1].post(`${eventPath(event.space.slug, event.slug)}/registration/accept`, {})).statusCode, 303);
    assert.equal(await statusOf(t, event.id, second.id), "confirmed");
    assert.match((await mailsTo(t, second.email)).at(-1)!.subject, /^You are registered/);
    const pool = (await findSeatPool(t.services.db, EVENT_POOL, event.id))!;
    assert.deepEqual(await seatCounts(t.services.db, pool.id), { capacity: 1, confirmed: 1, offered: 0, waitlisted: 1, pending: 0, free: 0 });
  });

  it("lets an offer expire on the clock and passes the seat on, mailing both people (the periodic job)", async () => {
    const event = await buildEvent(t.services, { capacity: 1, offerHours: 2 });
    const users = await Promise.all([buildUser(t.services), buildUser(t.services), buildUser(t.services)]);
    const browsers = await Promise.all(users.map((user) => logIn(user)));
    for (const browser of browsers) await browser.post(registerPath(event), {});
    await browsers[0].post(`${eventPath(event.space.slug, event.slug)}/registration/cancel`, {});
    assert.equal(await statusOf(t, event.id, users[1].id), "offered");
    t.clock.advance(HOUR);
    assert.equal((await expireEventOffers(t.services)).length, 0, "an offer within its time stays");
    t.clock.advance(HOUR + 1000);
    await t.services.jobs.enqueue(EXPIRE_OFFERS_JOB, {});
    await t.services.jobs.drain();
    assert.equal(await statusOf(t, event.id, users[1].id), "expired");
    assert.equal(await statusOf(t, event.id, users[2].id), "offered");
    assert.match((await mailsTo(t, users[1].email)).at(-1)!.subject, /^The seat offered to you has passed on/);
    assert.match((await mailsTo(t, users[2].email)).at(-1)!.subject, /^A seat is free for you/);
    const late = await browsers[1].post(`${eventPath(event.space.slug, event.slug)}/registration/accept`, {});
    assert.equal(late.statusCode, 404, "an expired offer cannot be taken any more");
    const [next] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from jobs where kind = ${EXPIRE_OFFERS_JOB} and status = 'pending'`);
    assert.equal(next.n, 1, "the periodic job queued its next run");
  });

  it("mails a session seat offer with the session's .ics, and passes it on by mail when it lapses (manual clock)", async () => {
    const event = await buildEvent(t.services, { startsAt: new Date(Math.ceil((t.clock.now().getTime() + 7 * 24 * HOUR) / HOUR) * HOUR) });
    const wall = (instant: Date, hours: number) => DateTime.fromJSDate(instant, { zone: event.timeZone }).plus({ hours }).toFormat("yyyy-MM-dd'T'HH:mm");
    const { fields, errors } = readSessionInput({ title: { en: "Mapping workshop", ru: "Картографическая мастерская" }, type: "workshop", startsAt: wall(event.startsAt, 0), endsAt: wall(event.startsAt, 1), hasRegistration: "on", capacity: "1" }, event);
    assert.deepEqual(errors, {});
    const session = await createSession(t.services, { id: event.space.createdBy }, event, fields);
    const users = [await buildUser(t.services), await buildUser(t.services), await buildUser(t.services, { locale: "ru" })];
    const browsers = [await logIn(users[0]), await logIn(users[1]), await logIn(users[2], "ru")];
    const sessionPath = `${eventPath(event.space.slug, event.slug)}/sessions/${session.id}`;
    for (const browser of browsers) {
      assert.equal((await browser.post(registerPath(event), {})).statusCode, 303);
      assert.equal((await browser.post(`${sessionPath}/register`, {})).statusCode, 303);
    }
    const sessionStatus = async (userId: string) =>
      (await queryRows<{ status: string; offer_expires_at: Date | null }>(t.services.db, sql`select c.status, c.offer_expires_at from event_session_registrations r join seat_claims c on c.id = r.claim_id where r.session_id = ${session.id} and r.user_id = ${userId} order by c.created_at desc limit 1`))[0];
    assert.deepEqual([(await sessionStatus(users[1].id)).status, (await sessionStatus(users[2].id)).status], ["waitlisted", "waitlisted"]);
    const before = (await mailsTo(t, users[1].email)).length;

    assert.equal((await browsers[0].post(`${sessionPath}/cancel`, {})).statusCode, 303);
    const offered = await sessionStatus(users[1].id);
    assert.equal(offered.status, "offered");
    const offers = (await mailsTo(t, users[1].email)).slice(before);
    assert.equal(offers.length, 1, "one mail: the offer");
    assert.match(offers[0].subject, /^A seat is free for you in “Mapping workshop”: /);
    assert.ok(offers[0].text.includes(`http://convene.test${eventPath(event.space.slug, event.slug)}/agenda#session-${session.id}`), "the mail says where to take it");
    const offerCalendar = calendarOf(offers[0]);
    assert.equal(offerCalendar.method, "REQUEST");
    assert.equal(offerCalendar.event.uid, `session-${session.id}@convene.test`);
    assert.equal(offerCalendar.event.start.toISOString(), session.startsAt.toISOString());
    assert.ok(!offerCalendar.raw.includes("secret-room-4711"));
    assert.equal((await mailsTo(t, users[2].email)).filter((mail) => /сесси/.test(mail.subject)).length, 0, "the next in line is not told yet");

    // The offer lapses on the clock: the periodic job passes the seat to the third person and mails both.
    t.clock.set(new Date(new Date(offered.offer_expires_at!).getTime() - 60_000));
    await t.services.jobs.enqueue(EXPIRE_OFFERS_JOB, {});
    await t.services.jobs.drain();
    assert.equal((await sessionStatus(users[1].id)).status, "offered", "not before its time");
    t.clock.set(new Date(new Date(offered.offer_expires_at!).getTime() + 1000));
    await t.services.jobs.enqueue(EXPIRE_OFFERS_JOB, {});
    await t.services.jobs.drain();
    assert.equal((await sessionStatus(users[1].id)).status, "expired");
    assert.equal((await sessionStatus(users[2].id)).status, "offered");
    const lapsed = (await mailsTo(t, users[1].email)).at(-1)!;
    assert.match(lapsed.subject, /^The session seat offered to you has passed on: Mapping workshop/);
    assert.equal(calendarOf(lapsed).method, "CANCEL");
    assert.equal(calendarOf(lapsed).event.uid, `session-${session.id}@convene.test`);
    assert.equal(await statusOf(t, event.id, users[1].id), "confirmed", "the place at the event itself stays");
    const russian = (await mailsTo(t, users[2].email)).at(-1)!;
    assert.match(russian.subject, /^Для вас освободилось место на сессии «Картографическая мастерская»/);
    assert.match(russian.text, /Занять место или отказаться можно в программе/);
    assert.equal(calendarOf(russian).event.summary, `Картографическая мастерская · ${XSS} Круглый стол`);
    assert.equal((await browsers[2].post(`${sessionPath}/accept`, {})).statusCode, 303);
    assert.equal((await sessionStatus(users[2].id)).status, "confirmed");
    const [pool] = await queryRows<{ confirmed: number }>(t.services.db, sql`select confirmed from seat_pools where kind = 'event_session' and owner_id = ${session.id}`);
    assert.equal(pool.confirmed, 1, "capacity never exceeded");
  });

  it("approval mode: requests wait; organisers approve or decline on the registrations list", async () => {
    const event = await buildEvent(t.services, { registrationMode: "approval", capacity: 10 });
    const [alice, bob] = await Promise.all([buildUser(t.services, { displayName: `${XSS} Alice` }), buildUser(t.services)]);
    await (await logIn(alice)).post(registerPath(event), {});
    await (await logIn(bob)).post(registerPath(event), {});
    assert.equal(await statusOf(t, event.id, alice.id), "pending");
    const facilitator = await buildUser(t.services);
    await addSpaceRole(t.services, event.space.id, facilitator.id, "facilitator");
    const organiser = await logIn(facilitator);
    const outsider = await logIn(bob);
    assert.equal((await outsider.get(`${eventPath(event.space.slug, event.slug)}/registrations`)).statusCode, 404, "only organisers see the list");
    const list = await organiser.get(`${eventPath(event.space.slug, event.slug)}/registrations`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Alice") && !list.body.includes(`${XSS} Alice`));
    const [aliceRegistration] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_registrations where user_id = ${alice.id}`);
    const [bobRegistration] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_registrations where user_id = ${bob.id}`);
    assert.equal((await outsider.post(`${eventPath(event.space.slug, event.slug)}/registrations/${aliceRegistration.id}/approve`, {})).statusCode, 404);
    assert.equal((await organiser.post(`${eventPath(event.space.slug, event.slug)}/registrations/${aliceRegistration.id}/approve`, {})).statusCode, 303);
    assert.equal((await organiser.post(`${eventPath(event.space.slug, event.slug)}/registrations/${bobRegistration.id}/decline`, {})).statusCode, 303);
    assert.equal(await statusOf(t, event.id, alice.id), "confirmed");
    assert.equal(await statusOf(t, event.id, bob.id), "declined");
    assert.match((await mailsTo(t, alice.email)).at(-1)!.subject, /^Your registration is approved/);
    assert.match((await mailsTo(t, bob.email)).at(-1)!.subject, /^Your registration was not accepted/);
    assert.equal((await organiser.post(`${eventPath(event.space.slug, event.slug)}/registrations/${aliceRegistration.id}/decline`, {})).statusCode, 303, "an organiser can also remove someone confirmed");
    assert.equal(await statusOf(t, event.id, alice.id), "declined");
    assert.match((await mailsTo(t, alice.email)).at(-1)!.subject, /^Your registration was not accepted/);
    assert.equal(calendarOf((await mailsTo(t, alice.email)).at(-1)!).method, "CANCEL");
    const [audit] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from audit_log where action in ('event.registration_approved', 'event.registration_declined')`);
    assert.equal(audit.n, 3);
  });

  it("tells registrants about a change (new SEQUENCE) and a cancellation (METHOD:CANCEL) through the events.changed job", async () => {
    const event = await buildEvent(t.services);
    const user = await buildUser(t.services);
    await (await logIn(user)).post(registerPath(event), {});
    const { fields } = readEventInput(
      { ...event, startsAt: new Date(event.startsAt.getTime() + 2 * HOUR), endsAt: new Date(event.endsAt.getTime() + 2 * HOUR), meetingUrl: "https://meet.example.org/secret-room-4711", capacity: "" },
      { targetIds: new Set(), seriesIds: new Set(), organisationIds: new Set() },
    );
    await updateEvent(t.services, { id: event.space.createdBy }, event.id, fields as EventFields);
    const updated = (await mailsTo(t, user.email)).at(-1)!;
    assert.match(updated.subject, /^Changed: /);
    const ics = calendarOf(updated);
    assert.equal(Number(ics.event.sequence), event.sequence + 1);
    assert.equal(ics.event.start.toISOString(), new Date(event.startsAt.getTime() + 2 * HOUR).toISOString());
    await setEventStatus(t.services, { id: event.space.createdBy }, event.id, "cancelled");
    const cancelled = (await mailsTo(t, user.email)).at(-1)!;
    assert.match(cancelled.subject, /^Cancelled: /);
    assert.equal(calendarOf(cancelled).method, "CANCEL");
    assert.equal(Number(calendarOf(cancelled).event.sequence), event.sequence + 2);
  });

  it("offers new seats to the queue when the capacity grows (the events.seats-changed job)", async () => {
    const event = await buildEvent(t.services, { capacity: 1 });
    const [first, second] = await Promise.all([buildUser(t.services), buildUser(t.services)]);
    await (await logIn(first)).post(registerPath(event), {});
    await (await logIn(second)).post(registerPath(event), {});
    const { fields } = readEventInput({ ...event, meetingUrl: null, capacity: "2" }, { targetIds: new Set(), seriesIds: new Set(), organisationIds: new Set() });
    await updateEvent(t.services, { id: event.space.createdBy }, event.id, { ...(fields as EventFields), offerHours: 48 });
    assert.equal(await statusOf(t, event.id, second.id), "offered");
    assert.match((await mailsTo(t, second.email)).at(-1)!.subject, /^A seat is free for you/);
  });

  it("reminds confirmed registrants a day and an hour before, once each", async () => {
    const event = await buildEvent(t.services, { startsAt: new Date(t.clock.now().getTime() + 30 * HOUR) });
    const [confirmed, cancelling] = await Promise.all([buildUser(t.services), buildUser(t.services)]);
    await (await logIn(confirmed)).post(registerPath(event), {});
    const other = await logIn(cancelling);
    await other.post(registerPath(event), {});
    await other.post(`${eventPath(event.space.slug, event.slug)}/registration/cancel`, {});
    assert.equal(await sendEventReminders(t.services), 0, "30 hours before: nothing yet");
    t.clock.advance(7 * HOUR);
    assert.equal(await sendEventReminders(t.services), 1);
    assert.equal(await sendEventReminders(t.services), 0, "the day reminder goes once");
    t.clock.advance(22.5 * HOUR);
    assert.equal(await sendEventReminders(t.services), 1);
    const subjects = (await mailsTo(t, confirmed.email)).map((mail) => mail.subject);
    assert.ok(subjects.some((subject) => subject.startsWith("Tomorrow: ")) && subjects.some((subject) => subject.startsWith("In an hour: ")));
    assert.equal(calendarOf((await mailsTo(t, confirmed.email)).at(-1)!).method, "REQUEST");
    assert.ok(!(await mailsTo(t, cancelling.email)).some((mail) => mail.subject.startsWith("Tomorrow")));
  });

  it("invitation-only events: invisible to others; the invitation link opens it and registration follows", async () => {
    const event = await buildEvent(t.services, { visibility: "invitation" });
    const admin = await logIn((await buildUser(t.services, { isPlatformAdmin: true })) as BuiltUser);
    const guest = await buildUser(t.services, { locale: "ru" });
    const stranger = await logIn(await buildUser(t.services));
    const invitations = `${eventPath(event.space.slug, event.slug)}/invitations`;
    const bad = await admin.post(invitations, { emails: "not-an-address\nok@example.org" });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes("not-an-address"));
    assert.equal((await admin.post(invitations, { emails: guest.email })).statusCode, 303);
    assert.equal((await admin.post(invitations, { emails: guest.email })).statusCode, 303);
    const mails = await mailsTo(t, guest.email);
    assert.equal(mails.length, 1, "an address is invited once");
    assert.match(mails[0].subject, /^Приглашение: /);
    const link = mails[0].text.split(/\s+/).find((word) => word.includes("/events/invitations/"))!;
    assert.equal((await stranger.get(registerPath(event))).statusCode, 404);
    assert.equal((await stranger.get(new URL(link).pathname)).statusCode, 404, "someone else's invitation shows nothing");
    const browser = await logIn(guest, "ru");
    const opened = await browser.get(new URL(link).pathname);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, eventPath(event.space.slug, event.slug));
    assert.equal((await browser.post(registerPath(event), {})).statusCode, 303);
    assert.equal(await statusOf(t, event.id, guest.id), "confirmed");
    const list = await admin.get(invitations);
    assert.ok(list.body.includes(guest.email) && !list.body.includes("Ещё нет</td>"));
  });

  it("registers on behalf of the person's own organisation only; lists their events on /account/events", async () => {
    const event = await buildEvent(t.services);
    const organisation = await buildOrganisation(t.services);
    const foreign = await buildOrganisation(t.services);
    const browser = await logIn(organisation.owner!);
    const form = await browser.get(registerPath(event));
    assert.ok(form.body.includes(`value="${organisation.id}"`) && !form.body.includes(foreign.id));
    const refused = await browser.post(registerPath(event), { organisation_id: foreign.id });
    assert.equal(refused.statusCode, 422);
    assert.ok(refused.body.includes("You can register only for an organisation you belong to."));
    assert.equal((await browser.post(registerPath(event), { organisation_id: organisation.id })).statusCode, 303);
    const [row] = await queryRows<{ organisation_id: string }>(t.services.db, sql`select organisation_id from event_registrations where event_id = ${event.id}`);
    assert.equal(row.organisation_id, organisation.id);
    const mine = await browser.get("/account/events");
    assert.equal(mine.statusCode, 200);
    assert.ok(mine.body.includes(eventPath(event.space.slug, event.slug)) && mine.body.includes("Confirmed"));
    assert.equal((await new Browser(t.app).get("/account/events")).statusCode, 401);
  });

  it("registers and cancels through the API with an events:register token; other scopes are refused", async () => {
    const event = await buildEvent(t.services, { capacity: 1 });
    const [holder, waiting] = await Promise.all([buildUser(t.services), buildUser(t.services)]);
    const token = (await createApiToken(t.services.db, { userId: waiting.id, name: "reg", scopes: ["events:register"] })).secret;
    const readOnly = (await createApiToken(t.services.db, { userId: waiting.id, name: "read", scopes: ["account:read"] })).secret;
    await (await logIn(holder)).post(registerPath(event), {});
    const url = `/api/v1/events/${event.id}/registration`;
    const call = (method: "POST" | "DELETE" | "GET", secret: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}`, ...(payload ? { "content-type": "application/json" } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });
    assert.equal((await call("POST", readOnly, {})).statusCode, 403);
    const registered = await call("POST", token, {});
    assert.equal(registered.statusCode, 200);
    assert.deepEqual({ ...(registered.json() as object), id: undefined }, { id: undefined, event_id: event.id, status: "waitlisted", waitlist_position: 1, offer_expires_at: null });
    assert.ok(!registered.body.includes("secret-room"));
    assert.equal((await call("GET", token)).json().status, "waitlisted");
    const cancelled = await call("DELETE", token);
    assert.equal(cancelled.statusCode, 200);
    assert.equal(cancelled.json().status, "cancelled");
    assert.equal((await call("DELETE", token)).statusCode, 404);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(openapi.paths["/api/v1/events/{id}/registration"]).sort(), ["delete", "get", "post"]);
    assert.ok(openapi.paths["/api/v1/events/{id}/registration/accept"].post);
    const hidden = await buildEvent(t.services, { visibility: "invitation" });
    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/events/${hidden.id}/registration`, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, payload: "{}" })).statusCode, 404);
  });

  it("seeds the demo: questions and Russian participants on the Aarhus space's open events, a waitlist where full, once", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const event = await buildEvent(t.services, { space, capacity: 3 });
    const demo = { adminUserId: space.createdBy, memberUserId: space.createdBy, facilitatorUserId: space.createdBy, organisationIds: {}, spaceIds: { "aarhus-kazakhstan-2018-2020": space.id } };
    await seedRegistrationDemo(t.services, demo);
    await seedRegistrationDemo(t.services, demo);
    const pool = (await findSeatPool(t.services.db, EVENT_POOL, event.id))!;
    assert.deepEqual(await seatCounts(t.services.db, pool.id), { capacity: 3, confirmed: 3, offered: 0, waitlisted: 2, pending: 0, free: 0 });
    const [questions] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_questions where event_id = ${event.id}`);
    assert.equal(questions.n, 2);
  });

  it("never exceeds capacity and keeps the queue order when 50 clients register and cancel at once through the pages", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const event = await buildEvent(t.services, { space, capacity: 10, offerHours: 24 });
    const users = await Promise.all(Array.from({ length: 50 }, () => buildUser(t.services)));
    const browsers = await Promise.all(users.map((user) => logIn(user)));
    const responses = await Promise.all(browsers.map((browser) => browser.post(registerPath(event), {})));
    assert.deepEqual([...new Set(responses.map((response) => response.statusCode))], [303], responses.find((response) => response.statusCode !== 303)?.body.slice(0, 2000));
    const pool = (await findSeatPool(t.services.db, EVENT_POOL, event.id))!;
    assert.deepEqual(await seatCounts(t.services.db, pool.id), { capacity: 10, confirmed: 10, offered: 0, waitlisted: 40, pending: 0, free: 0 });
    const queue = async () =>
      queryRows<{ user_id: string; status: string; queue_seq: string }>(
        t.services.db,
        sql`select r.user_id, c.status, c.queue_seq from event_registrations r join seat_claims c on c.id = r.claim_id where r.event_id = ${event.id} order by c.queue_seq`,
      );
    const before = await queue();
    const waitingBefore = before.filter((row) => row.status === "waitlisted").map((row) => row.user_id);
    // Everyone confirmed and every fifth person waiting cancel at the same moment, while 10 late-comers register.
    const confirmedIds = new Set(before.filter((row) => row.status === "confirmed").map((row) => row.user_id));
    const cancelling = users.filter((user) => confirmedIds.has(user.id) || waitingBefore.indexOf(user.id) % 5 === 4);
    const late = await Promise.all(Array.from({ length: 10 }, () => buildUser(t.services)));
    const lateBrowsers = await Promise.all(late.map((user) => logIn(user)));
    const mixed = await Promise.all([
      ...cancelling.map((user) => browsers[users.indexOf(user)].post(`${eventPath(space.slug, event.slug)}/registration/cancel`, {})),
      ...lateBrowsers.map((browser) => browser.post(registerPath(event), {})),
    ]);
    assert.deepEqual([...new Set(mixed.map((response) => response.statusCode))], [303], mixed.find((response) => response.statusCode !== 303)?.body.slice(0, 2000));
    const counts = await seatCounts(t.services.db, pool.id);
    assert.equal(counts.confirmed + counts.offered, 10, "every freed seat is held by exactly one person");
    const after = await queue();
    const [live] = await queryRows<{ confirmed: number; offered: number }>(
      t.services.db,
      sql`select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'offered')::int as offered from seat_claims where pool_id = ${pool.id}`,
    );
    assert.deepEqual(live, { confirmed: counts.confirmed, offered: counts.offered }, "the kept counts match the claims");
    // The seats went to the first people still waiting, in the order they asked; late-comers wait behind them.
    const stillWaitingInOrder = waitingBefore.filter((id) => !cancelling.some((user) => user.id === id));
    const offeredIds = after.filter((row) => row.status === "offered").map((row) => row.user_id);
    assert.deepEqual(offeredIds, stillWaitingInOrder.slice(0, 10));
    const waitingAfter = after.filter((row) => row.status === "waitlisted").map((row) => row.user_id);
    assert.deepEqual(waitingAfter.slice(0, stillWaitingInOrder.length - 10), stillWaitingInOrder.slice(10));
    assert.deepEqual(new Set(waitingAfter.slice(stillWaitingInOrder.length - 10)), new Set(late.map((user) => user.id)));
  });

  it("puts 'Register' under the event's title as the page's primary action: sign in first when signed out, none once registered", async () => {
    const event = await buildEvent(t.services, { capacity: 5 });
    const page = eventPath(event.space.slug, event.slug);
    assert.equal(primaryAction((await new Browser(t.app).get(page)).body), `/login?next=${encodeURIComponent(registerPath(event))}`);
    const user = await buildUser(t.services);
    const browser = await logIn(user);
    const before = await browser.get(page);
    assert.equal(primaryAction(before.body), registerPath(event));
    assert.match(before.body, /<h1 id="event-title">/, "the article is still named by its title");
    assert.equal((await browser.post(registerPath(event), {})).statusCode, 303);
    assert.equal(await statusOf(t, event.id, user.id), "confirmed");
    assert.equal(primaryAction((await browser.get(page)).body), undefined, "a registered person is not offered to register again");
  });
});

describe("events: registration mail through a real SMTP peer", () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const deliveries: { to: string[]; raw: Buffer }[] = [];
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          deliveries.push({ to: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` }, isReferenceSeeded: false });
  });
  after(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it("delivers the confirmation of an event in another zone on its DST change day, with an .ics a parser reads back right", async () => {
    // 10:00 in New York on the Sunday clocks go forward (EDT, UTC-4): 14:00 UTC, not 15:00.
    const event = await buildEvent(t.services, { timeZone: "America/New_York", startsAt: new Date("2026-03-08T14:00:00Z"), endsAt: new Date("2026-03-08T16:00:00Z") });
    const user = await buildUser(t.services, { locale: "ru", displayName: "Айгерим" });
    const browser = await new Browser(t.app, "ru").logIn(user.email, TEST_PASSWORD);
    assert.equal((await browser.post(`${eventPath(event.space.slug, event.slug)}/register`, {})).statusCode, 303);
    assert.equal(deliveries.length, 0, "nothing is sent inside the request");
    await t.services.jobs.drain();
    const delivery = deliveries.find((item) => item.to.includes(user.email));
    assert.ok(delivery);
    const mail = await simpleParser(delivery.raw);
    assert.equal(mail.headers.get("content-language"), "ru");
    assert.match(mail.subject ?? "", /^Вы зарегистрированы: /);
    assert.match(mail.text ?? "", /8 марта 2026 г\., 10:00 – 12:00/);
    const attachment = mail.attachments.find((item) => item.filename === "event.ics");
    assert.ok(attachment);
    const raw = attachment.content.toString("utf8");
    assert.match(raw, /BEGIN:VTIMEZONE\r?\nTZID:America\/New_York/);
    assert.match(raw, /DTSTART;TZID=America\/New_York:20260308T100000/);
    const [vevent] = Object.values(nodeIcal.sync.parseICS(raw)).filter((item): item is VEvent => item?.type === "VEVENT");
    assert.equal(vevent.start.toISOString(), "2026-03-08T14:00:00.000Z");
    assert.equal(vevent.end?.toISOString(), "2026-03-08T16:00:00.000Z");
    assert.equal(vevent.uid, `event-${event.id}@convene.test`);
    assert.ok(!raw.includes("secret-room-4711"), "the meeting link is not in the calendar file");
  });
});
