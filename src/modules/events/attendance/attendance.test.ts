import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { queryRows } from "../../../db/sql";
import type { CurrentUser } from "../../../platform/http/context";
import { loggedUrl } from "../../../platform/http/log-redaction";
import { intlFormat, translator } from "../../../platform/i18n/messages";
import { readSignedCode, signCode, signingSecret } from "../../../platform/signing/signed-codes";
import { createTestApp, Browser, type TestApp } from "../../../testing/harness";
import { buildUser, type BuiltUser } from "../../../testing/factories";
import { buildOrganisation } from "../../organisations/factories";
import { addSpaceRole } from "../../spaces/factories";
import { getSpaceForViewer } from "../../spaces/queries";
import { buildEvent, type BuiltEvent } from "../factories";
import { canManageEvents } from "../permissions";
import { findEventById } from "../queries";
import { attendanceCertificateCode, joinToken, newCheckInCode, normaliseCheckInCode, readJoinToken } from "./codes";
import { buildRegistration } from "./factories";
import { attendancePanel } from "./panel";
import { attendanceFigures } from "./queries";

const MEETING = "https://meet.example.org/secret-room-4711";
const asCurrent = (user: BuiltUser, isPlatformAdmin = false): CurrentUser => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  locale: "en",
  isPlatformAdmin,
  isEmailVerified: true,
});

describe("events attendance: join links, check-in, figures, certificates", () => {
  let t: TestApp;
  let organiser: BuiltUser;
  let event: BuiltEvent;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    organiser = await buildUser(t.services);
    event = await buildEvent(t.services);
    await addSpaceRole(t.services, event.space.id, organiser.id, "coordinator");
  });
  after(() => t.close());

  /** The event page's attendance section for a viewer, rendered the way the page does. */
  async function panelFor(user: BuiltUser | null, target: BuiltEvent = event) {
    const current = user ? asCurrent(user) : null;
    const space = await getSpaceForViewer(t.services.db, target.space.slug, current);
    const fresh = (await findEventById(t.services.db, target.id))!;
    const request = { server: t.app, user: current, params: {} } as unknown as FastifyRequest;
    const view = { locale: "en" as const, t: translator("en"), format: intlFormat("en"), user: current, csrfToken: "csrf-token-for-tests", flash: null, url: "/" };
    const result = await attendancePanel({ request, view, space, event: fresh, canManage: canManageEvents(current, space.viewerRoles), now: t.clock.now() });
    return { main: result?.main?.value ?? "", aside: result?.aside?.value ?? "" };
  }

  const joinHref = (markup: string): string | undefined => /href="(\/events\/join\/[^"]+)"/.exec(markup)?.[1];

  it("shows the personal join link to its confirmed registrant only, and it records attendance during the event", async () => {
    const registrant = await buildRegistration(t.services, event);
    const other = await buildRegistration(t.services, event);
    const own = await panelFor(registrant.user);
    const href = joinHref(own.main);
    assert.ok(href, "the registrant sees a join link");
    assert.ok(!own.main.includes(MEETING), "the panel never shows the meeting link itself");
    assert.match(own.main, new RegExp(`${registrant.checkInCode.slice(0, 4)}-${registrant.checkInCode.slice(4)}`), "a hybrid event shows the check-in code");
    assert.match(own.main, /<svg[^>]*>/, "and its QR code");
    assert.ok(!own.main.includes("<script>alert(1)</script>"), "text is escaped");
    // Someone else's panel carries their own link, never this one; strangers and anonymous readers get none.
    const theirs = await panelFor(other.user);
    assert.ok(joinHref(theirs.main) && joinHref(theirs.main) !== href);
    assert.equal(joinHref((await panelFor(await buildUser(t.services))).main), undefined);
    assert.equal(joinHref((await panelFor(null)).main), undefined);

    const browser = new Browser(t.app);
    const early = await browser.get(href!);
    assert.equal(early.statusCode, 302);
    assert.equal(early.headers.location, MEETING);
    assert.equal(early.headers["cache-control"], "no-store");
    const [before] = await queryRows<{ attended_online_at: Date | null }>(t.services.db, sql`select attended_online_at from event_registrations where id = ${registrant.id}`);
    assert.equal(before.attended_online_at, null, "a join a week early leads to the meeting but records nothing");

    t.clock.set(new Date(event.startsAt.getTime() - 30 * 60_000));
    assert.equal((await browser.get(href!)).statusCode, 302);
    const [row] = await queryRows<{ attended_online_at: Date | null }>(t.services.db, sql`select attended_online_at from event_registrations where id = ${registrant.id}`);
    assert.equal(new Date(row.attended_online_at!).toISOString(), t.clock.now().toISOString());
    t.clock.set(new Date(event.startsAt.getTime() - 7 * 86_400_000));
  });

  it("refuses forged, rotated and unconfirmed join links with a translated page", async () => {
    const registrant = await buildRegistration(t.services, event);
    const href = joinHref((await panelFor(registrant.user)).main)!;
    const token = href.split("/").pop()!;
    const browser = new Browser(t.app, "ru");
    const bytes = Buffer.from(token, "base64url");
    bytes[0] ^= 1;
    const forged = await browser.get(`/events/join/${bytes.toString("base64url")}`);
    assert.equal(forged.statusCode, 404);
    assert.match(forged.body, /Эта ссылка недействительна/);
    assert.equal((await browser.get(`/events/join/${encodeURIComponent("<script>")}`)).statusCode, 404);

    // A waitlisted person (the event made full) holds no seat: a genuine token still does not lead in.
    await t.services.db.execute(sql`update seat_pools set capacity = confirmed where kind = 'event' and owner_id = ${event.id}`);
    const waiting = await buildRegistration(t.services, event);
    assert.equal(waiting.status, "waitlisted");
    assert.equal(joinHref((await panelFor(waiting.user)).main), undefined, "no link on a waitlisted person's page");
    const waitingToken = await joinToken(t.services.db, waiting.id, event.joinEpoch);
    assert.equal((await browser.get(`/events/join/${waitingToken}`)).statusCode, 403);
    await t.services.db.execute(sql`update seat_pools set capacity = null where kind = 'event' and owner_id = ${event.id}`);

    // Rotating: only an organiser may; afterwards the old link is dead and the page shows a new one that works.
    const stranger = await new Browser(t.app).logIn((await buildUser(t.services)).email, "correct horse battery");
    assert.equal((await stranger.post(`/spaces/${event.space.slug}/events/${event.slug}/join-links/rotate`, {})).statusCode, 404);
    const organiserBrowser = await new Browser(t.app).logIn(organiser.email, organiser.password);
    const rotated = await organiserBrowser.post(`/spaces/${event.space.slug}/events/${event.slug}/join-links/rotate`, {});
    assert.equal(rotated.statusCode, 303);
    assert.equal((await browser.get(href)).statusCode, 404, "the old link stopped working");
    const fresh = joinHref((await panelFor(registrant.user)).main)!;
    assert.notEqual(fresh, href);
    assert.equal((await browser.get(fresh)).statusCode, 302);
    const audit = await queryRows<{ action: string }>(t.services.db, sql`select action from audit_log where subject_id = ${event.id} and action = 'event.join_links_rotated'`);
    assert.equal(audit.length, 1);
    assert.deepEqual(await readJoinToken(t.services.db, fresh.split("/").pop()!), { registrationId: registrant.id, joinEpoch: event.joinEpoch + 1 });
  });

  it("gives an in-person event no join link, a cancelled one none at all, and keeps the access log free of tokens", async () => {
    const inPerson = await buildEvent(t.services, { kind: "in_person", meetingUrl: null, space: event.space });
    const registrant = await buildRegistration(t.services, inPerson);
    const panel = await panelFor(registrant.user, inPerson);
    assert.equal(joinHref(panel.main), undefined);
    assert.match(panel.main, /Check-in at the door/);
    const token = await joinToken(t.services.db, registrant.id, inPerson.joinEpoch);
    assert.equal((await new Browser(t.app).get(`/events/join/${token}`)).statusCode, 409);
    assert.equal(loggedUrl(`/events/join/${token}`), "/events/join/[redacted]");
    assert.equal(loggedUrl("/spaces/a/events"), "/spaces/a/events");
  });

  it("checks people in at the door by code, typed or scanned, and by the searchable list", async () => {
    const organisation = await buildOrganisation(t.services, { name: { en: "Steppe Watch" } });
    const registrant = await buildRegistration(t.services, event, { organisationId: organisation.id });
    const browser = await new Browser(t.app).logIn(organiser.email, organiser.password);
    const base = `/spaces/${event.space.slug}/events/${event.slug}/check-in`;
    const list = await browser.get(`${base}?q=${encodeURIComponent("Steppe")}`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(registrant.checkInCode.slice(4)));
    assert.ok(!list.body.includes("<script>alert(1)</script>"), "names are escaped");
    assert.match((await browser.get(`${base}?q=nobody-by-this-name`)).body, /Nobody matches/);

    const scanned = await browser.get(`${base}?code=${registrant.checkInCode}`);
    assert.match(scanned.body, new RegExp(`Code ${registrant.checkInCode.slice(0, 4)}-`));
    const [notYet] = await queryRows<{ checked_in_at: Date | null }>(t.services.db, sql`select checked_in_at from event_registrations where id = ${registrant.id}`);
    assert.equal(notYet.checked_in_at, null, "opening the scanned link changes nothing");

    const typed = `${registrant.checkInCode.slice(0, 4).toLowerCase()} ${registrant.checkInCode.slice(4)}`;
    const done = await browser.post(base, { code: typed });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /is checked in/);
    const again = await browser.post(base, { code: registrant.checkInCode });
    assert.match(again.body, /was already checked in/);
    const audit = await queryRows<{ action: string }>(t.services.db, sql`select action from audit_log where subject_id = ${registrant.id}`);
    assert.deepEqual(audit.map((entry) => entry.action), ["event.checked_in"]);

    const wrong = await browser.post(base, { code: "ZZZZ-ZZZZ" });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /No confirmed registration of this event has this code/);
    assert.match(wrong.body, /value="ZZZZ-ZZZZ"/, "the typed code is kept");
    assert.equal((await browser.post(base, { code: "=1+2" })).statusCode, 422);

    const undone = await browser.post(base, { registration: registrant.id, undo: "1" });
    assert.match(undone.body, /was undone/);
    const member = await new Browser(t.app).logIn(registrant.user.email, registrant.user.password);
    assert.equal((await member.get(base)).statusCode, 404, "registrants do not see the list");
    assert.equal(normaliseCheckInCode(newCheckInCode().toLowerCase()).length, 8);
  });

  it("reports attendance by actor type, country and constituency with small cells suppressed", async () => {
    const past = await buildEvent(t.services, { space: event.space, kind: "in_person", meetingUrl: null });
    const ngo = await buildOrganisation(t.services, { actorType: "ngo", country: "KZ" });
    const business = await buildOrganisation(t.services, { actorType: "business", country: "UZ" });
    const made = [
      ...(await Promise.all([1, 2, 3, 4].map(() => buildRegistration(t.services, past, { organisationId: ngo.id, constituency: "youth" })))),
      ...(await Promise.all([1, 2].map(() => buildRegistration(t.services, past, { organisationId: business.id, constituency: "women" })))),
      await buildRegistration(t.services, past, { constituency: "youth" }),
      ...(await Promise.all([1, 2, 3].map(() => buildRegistration(t.services, past, { organisationId: ngo.id })))),
    ];
    await t.services.db.execute(sql`update event_registrations set checked_in_at = ${t.clock.now()} where id in (${sql.join(made.map((item) => sql`${item.id}::uuid`), sql`, `)})`);
    const figures = await attendanceFigures(t.services.db, past.id);
    assert.deepEqual(figures.totals, { registered: 10, attended: 10, inPerson: 10, online: 0 });
    const byKey = (cells: typeof figures.actorTypes) => Object.fromEntries(cells.map((cell) => [cell.key, cell.participants]));
    assert.deepEqual(byKey(figures.actorTypes), { ngo: 7, business: null, "": null });
    assert.deepEqual(byKey(figures.countries), { KZ: 7, UZ: null, "": null });
    // women (2) is small; hidden alone it could be worked out from the total, so the next smallest ("" 3) goes too.
    assert.deepEqual(byKey(figures.constituencies), { youth: 5, "": null, women: null });

    const browser = await new Browser(t.app, "ru").logIn(organiser.email, organiser.password);
    const page = await browser.get(`/spaces/${event.space.slug}/events/${past.slug}/attendance?lang=ru`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /скрыто/);
    assert.match(page.body, /меньше 3 человек/);
    const anonymous = await new Browser(t.app).get(`/spaces/${event.space.slug}/events/${past.slug}/attendance`);
    assert.match(anonymous.body, /published once the event has ended/);
  });

  it("gives attendees a certificate that verifies, and refuses forged codes and people who did not come", async () => {
    const registrant = await buildRegistration(t.services, event);
    const browser = await new Browser(t.app).logIn(registrant.user.email, registrant.user.password);
    const path = `/spaces/${event.space.slug}/events/${event.slug}/certificate`;
    assert.equal((await browser.get(path)).statusCode, 404, "no certificate before attending");
    await t.services.db.execute(sql`update event_registrations set checked_in_at = ${t.clock.now()} where id = ${registrant.id}`);
    const page = await browser.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Attended in person/);
    const code = await attendanceCertificateCode(t.services.db, registrant.id);
    assert.ok(page.body.includes(`/events/certificates/${code}`));
    const verified = await new Browser(t.app).get(`/events/certificates/${code}`);
    assert.equal(verified.statusCode, 200);
    assert.match(verified.body, /Genuine/);
    assert.ok(!verified.body.includes("<script>alert(1)</script>"));
    const bytes = Buffer.from(code, "base64url");
    bytes[3] ^= 1;
    assert.equal((await new Browser(t.app).get(`/events/certificates/${bytes.toString("base64url")}`)).statusCode, 404);
    // A join token is signed for another purpose: it never passes as a certificate.
    const token = await joinToken(t.services.db, registrant.id, 1);
    assert.equal((await new Browser(t.app).get(`/events/certificates/${token}`)).statusCode, 404);
  });

  it("writes registrants and attendance as CSV for organisers, with formulas defused", async () => {
    const formula = await buildUser(t.services, { displayName: "=HYPERLINK(\"http://evil\")" });
    await buildRegistration(t.services, event, { user: formula, constituency: "+youth" });
    const browser = await new Browser(t.app).logIn(organiser.email, organiser.password);
    const csv = await browser.get(`/spaces/${event.space.slug}/events/${event.slug}/registrants.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    assert.ok(csv.body.includes(`"'=HYPERLINK(""http://evil"")"`));
    assert.ok(csv.body.includes("'+youth"));
    assert.ok(!csv.body.includes(MEETING));
    const registrantBrowser = await new Browser(t.app).logIn(formula.email, formula.password);
    assert.equal((await registrantBrowser.get(`/spaces/${event.space.slug}/events/${event.slug}/registrants.csv`)).statusCode, 404);
  });

  it("signs codes per purpose and keeps the first (commitments') purpose a plain HMAC of the payload", async () => {
    const payload = Buffer.from("0123456789abcdef0123");
    const legacy = await signCode(t.services.db, "", payload);
    const expected = createHmac("sha256", await signingSecret(t.services.db)).update(payload).digest().subarray(0, 12);
    assert.deepEqual(Buffer.from(legacy, "base64url").subarray(20), expected);
    assert.deepEqual(await readSignedCode(t.services.db, "", legacy, 20), payload);
    assert.equal(await readSignedCode(t.services.db, "events.join", legacy, 20), null);
    assert.equal(await readSignedCode(t.services.db, "", legacy, 19), null);
  });
});
