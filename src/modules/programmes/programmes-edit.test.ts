import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { buildEvent } from "../events/factories";
import { saveDocument } from "../knowledge/guidance/commands/save-document";
import { addSpaceRole } from "../spaces/factories";
import { applyToCohort, decideApplication, expireCohortOffers, takeOffer, withdrawApplication } from "./commands/apply";
import { completeParticipant, markProgress } from "./commands/record-progress";
import { buildProgramme, type BuiltProgramme } from "./factories";
import { cohortPath, findApplication, listMaterials, listSessions, listTracks, programmePath } from "./queries";

describe("programmes: editing and removing the set-up, the waitlist only when full, events and guidance chosen from lists", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  const apply = (built: BuiltProgramme, user: BuiltUser) => applyToCohort(t.services, { id: user.id }, built.programme, built.cohort, { answers: {}, organisationId: null, trackId: null, locale: "en" });
  const coordinatorOf = async (built: BuiltProgramme) => {
    const user = await buildUser(t.services);
    await addSpaceRole(t.services, built.space.id, user.id, "coordinator");
    return new Browser(t.app).logIn(user.email, user.password);
  };
  const statusOf = async (id: string) => (await findApplication(t.services.db, id))!.status;

  it("a coordinator edits a track, a cohort, a session and a material; errors keep what was typed (422), never 500", async () => {
    const built = await buildProgramme(t.services, { questions: [] });
    const coordinator = await coordinatorOf(built);
    const path = programmePath(built.space.slug, built.programme.slug);
    const cohortHref = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);
    const [track] = await listTracks(t.services.db, built.programme.id);
    const page = await coordinator.get(path);
    assert.ok(page.body.includes(`${path}/tracks/${track!.id}/edit`), "the track has an edit link");
    assert.ok(!page.body.includes(XSS));
    const trackPage = await coordinator.get(`${path}/tracks/${track!.id}/edit`);
    assert.equal(trackPage.statusCode, 200);
    assert.ok(!trackPage.body.includes(XSS), "escaped on the edit page");
    const emptyName = await coordinator.post(`${path}/tracks/${track!.id}/edit`, { "track_name.en": "", "track_description.en": "kept words" });
    assert.equal(emptyName.statusCode, 422);
    assert.match(emptyName.body, /kept words/);
    assert.match(emptyName.body, /Track name: Give a name/);
    assert.equal((await coordinator.post(`${path}/tracks/${track!.id}/edit`, { "track_name.en": "Facilitation" })).statusCode, 303);
    assert.deepEqual((await listTracks(t.services.db, built.programme.id))[0]!.name, { en: "Facilitation" });

    const badCohort = await coordinator.post(`${cohortHref}/edit`, { "cohort_name.en": "Renamed", starts_on: "2027-03-01", ends_on: "2027-02-01", capacity: "3" });
    assert.equal(badCohort.statusCode, 422);
    assert.match(badCohort.body, /value="Renamed"/);
    assert.match(badCohort.body, /cannot be before the first/);
    assert.equal((await coordinator.post(`${cohortHref}/edit`, { "cohort_name.en": "Renamed", starts_on: "2027-03-01", ends_on: "2027-06-30", capacity: "3", track_ids: track!.id })).statusCode, 303);
    const [cohort] = await queryRows<{ capacity: number; ends_on: string | Date; track_ids: string[] }>(t.services.db, sql`select capacity, ends_on, track_ids from programme_cohorts where id = ${built.cohort.id}`);
    assert.equal(cohort!.capacity, 3);
    assert.deepEqual(cohort!.track_ids, [track!.id]);
    const [pool] = await queryRows<{ capacity: number }>(t.services.db, sql`select capacity from seat_pools where owner_id = ${built.cohort.id}`);
    assert.equal(pool!.capacity, 3, "the seats follow the cohort's capacity");

    const session = built.sessions[0]!;
    const sessionEdit = await coordinator.get(`${cohortHref}/sessions/${session.id}/edit`);
    assert.equal(sessionEdit.statusCode, 200);
    assert.match(sessionEdit.body, /<select[^>]*name="event_id"/);
    const badSession = await coordinator.post(`${cohortHref}/sessions/${session.id}/edit`, { "session_title.en": "Kept title", starts_at: "yesterday" });
    assert.equal(badSession.statusCode, 422);
    assert.match(badSession.body, /value="Kept title"/);
    assert.equal((await coordinator.post(`${cohortHref}/sessions/${session.id}/edit`, { "session_title.en": "Opening", starts_at: "2027-03-02T09:30" })).statusCode, 303);
    const sessions = await listSessions(t.services.db, built.cohort.id);
    assert.deepEqual(sessions.find((entry) => entry.id === session.id)!.title, { en: "Opening" });

    assert.equal((await coordinator.post(`${path}/materials`, { "material_title.en": "Guide", url: "https://example.org/guide" })).statusCode, 303);
    const [material] = await listMaterials(t.services.db, built.programme.id);
    const badMaterial = await coordinator.post(`${path}/materials/${material!.id}/edit`, { "material_title.en": "Still here", url: "ftp://nope" });
    assert.equal(badMaterial.statusCode, 422);
    assert.match(badMaterial.body, /value="Still here"/);
    assert.equal((await coordinator.post(`${path}/materials/${material!.id}/edit`, { "material_title.en": "Better guide", url: "https://example.org/better" })).statusCode, 303);
    assert.equal((await listMaterials(t.services.db, built.programme.id))[0]!.url, "https://example.org/better");

    const outsider = await buildUser(t.services);
    const stranger = await new Browser(t.app).logIn(outsider.email, outsider.password);
    assert.equal((await stranger.get(`${path}/tracks/${track!.id}/edit`)).statusCode, 403);
    assert.equal((await stranger.post(`${cohortHref}/remove`, {})).statusCode, 403);
    assert.equal((await coordinator.get(`${path}/tracks/not-a-uuid/edit`)).statusCode, 404);
    assert.equal((await coordinator.get(`${cohortHref}/sessions/${built.cohort.id}/edit`)).statusCode, 404);
  });

  it("removing a cohort people applied to is refused with a message, nothing lost; an empty cohort goes with its sessions", async () => {
    const built = await buildProgramme(t.services, { questions: [] });
    const coordinator = await coordinatorOf(built);
    const cohortHref = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);
    const applicant = await buildUser(t.services);
    const application = await apply(built, applicant);
    await decideApplication(t.services, { id: built.organiserId }, application.id, "accept");
    const refused = await coordinator.post(`${cohortHref}/remove`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /People have applied to this cohort: it cannot be removed/);
    assert.equal(await statusOf(application.id), "confirmed", "the application stays");

    const empty = await buildProgramme(t.services, { questions: [], space: built.space });
    const emptyHref = cohortPath(built.space.slug, empty.programme.slug, empty.cohort.id);
    const removed = await coordinator.post(`${emptyHref}/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${programmePath(built.space.slug, empty.programme.slug)}#cohorts`);
    assert.equal((await coordinator.get(emptyHref)).statusCode, 404);
    assert.equal((await queryRows(t.services.db, sql`select id from programme_sessions where cohort_id = ${empty.cohort.id}`)).length, 0);
    assert.equal((await queryRows(t.services.db, sql`select id from seat_pools where owner_id = ${empty.cohort.id}`)).length, 0);
  });

  it("removing a track an applicant chose is refused; removing a session takes its attendance marks, completions and certificates stand", async () => {
    const built = await buildProgramme(t.services, { questions: [], requiredSessions: 1 });
    const coordinator = await coordinatorOf(built);
    const path = programmePath(built.space.slug, built.programme.slug);
    const cohortHref = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);
    const [track] = await listTracks(t.services.db, built.programme.id);
    await t.services.db.execute(sql`update programme_cohorts set track_ids = ${`{${track!.id}}`}::uuid[] where id = ${built.cohort.id}`);
    const cohort = { ...built.cohort, trackIds: [track!.id] };
    const [first, second] = [await buildUser(t.services), await buildUser(t.services)];
    const chosen = await applyToCohort(t.services, { id: first.id }, built.programme, cohort, { answers: {}, organisationId: null, trackId: track!.id, locale: "en" });
    const refused = await coordinator.post(`${path}/tracks/${track!.id}/remove`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /chosen this track/);

    const other = await apply(built, second);
    for (const id of [chosen.id, other.id]) await decideApplication(t.services, { id: built.organiserId }, id, "accept");
    const [session, kept] = built.sessions;
    for (const id of [chosen.id, other.id]) await markProgress(t.services, { id: built.organiserId }, built.programme, (await findApplication(t.services.db, id))!, session!.id, true);
    await markProgress(t.services, { id: built.organiserId }, built.programme, (await findApplication(t.services.db, other.id))!, kept!.id, true);
    await completeParticipant(t.services, { id: built.organiserId }, built.programme, chosen.id);
    assert.equal((await coordinator.post(`${cohortHref}/sessions/${session!.id}/remove`, {})).statusCode, 303);
    assert.equal((await queryRows(t.services.db, sql`select item_id from programme_progress where item_id = ${session!.id}`)).length, 0, "its marks went with it");
    assert.equal((await queryRows(t.services.db, sql`select item_id from programme_progress where item_id = ${kept!.id}`)).length, 1, "other sessions' marks stay");
    assert.ok((await findApplication(t.services.db, chosen.id))!.completedAt, "a completion already decided stands");
    const [audit] = await queryRows<{ details: { droppedMarks: number } }>(t.services.db, sql`select details from audit_log where action = 'programme.session_removed' and subject_id = ${built.programme.id}`);
    assert.equal(audit!.details.droppedMarks, 2, "the audit says how many marks went");
  });

  it("accepting waitlists only when the cohort is full; a freed place is offered to the first waiting, then passed on when the offer expires", async () => {
    const built = await buildProgramme(t.services, { questions: [], capacity: 2 });
    const users = await Promise.all(Array.from({ length: 4 }, () => buildUser(t.services)));
    const applications = [];
    for (const user of users) applications.push(await apply(built, user));
    const [a, b, c, d] = applications as [typeof applications[number], typeof applications[number], typeof applications[number], typeof applications[number]];
    // Accepting the last applicant first still gives a place: there is room, pending applicants do not hold one.
    await decideApplication(t.services, { id: built.organiserId }, d.id, "accept");
    assert.equal(await statusOf(d.id), "confirmed");
    await decideApplication(t.services, { id: built.organiserId }, b.id, "accept");
    assert.equal(await statusOf(b.id), "confirmed");
    const coordinator = await coordinatorOf(built);
    const cohortHref = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);
    assert.match((await coordinator.get(cohortHref)).body, /Put on the waitlist/, "the button says so once full");
    await decideApplication(t.services, { id: built.organiserId }, c.id, "accept");
    await decideApplication(t.services, { id: built.organiserId }, a.id, "accept");
    assert.equal(await statusOf(c.id), "waitlisted");
    assert.equal(await statusOf(a.id), "waitlisted");
    const waiting = await new Browser(t.app).logIn(users[0]!.email, users[0]!.password);
    assert.match((await waiting.get(cohortHref)).body, /Number 1 on the waitlist/, "the first applicant waits first (the order they applied)");

    await withdrawApplication(t.services, { id: users[3]!.id }, (await findApplication(t.services.db, d.id))!);
    assert.equal(await statusOf(a.id), "offered", "the first waiting, in the order they applied, gets the offer");
    assert.equal(await statusOf(c.id), "waitlisted");
    assert.match((await waiting.get(cohortHref)).body, /held for you until/);
    await t.services.jobs.drain();
    const mails = (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(users[0]!.email));
    assert.ok(mails.some((mail) => /A place is free for you/.test(mail.subject)));

    t.clock.advance(49 * 3_600_000);
    await assert.rejects(takeOffer(t.services, { id: users[0]!.id }, (await findApplication(t.services.db, a.id))!), /offerExpired/);
    await expireCohortOffers(t.services);
    assert.equal(await statusOf(a.id), "expired");
    assert.equal(await statusOf(c.id), "offered", "the offer passed on");
    await takeOffer(t.services, { id: users[2]!.id }, (await findApplication(t.services.db, c.id))!);
    assert.equal(await statusOf(c.id), "confirmed");
    const [pool] = await queryRows<{ confirmed: number; offered: number }>(t.services.db, sql`select confirmed, offered from seat_pools where owner_id = ${built.cohort.id}`);
    assert.deepEqual({ confirmed: pool!.confirmed, offered: pool!.offered }, { confirmed: 2, offered: 0 });
  });

  it("sessions link to an event and materials to guidance chosen from lists; an unknown id is a 400 naming the field", async () => {
    const built = await buildProgramme(t.services, { questions: [] });
    await t.services.db.execute(sql`update spaces set enabled_modules = array_append(enabled_modules, 'events') where id = ${built.space.id}`);
    const event = await buildEvent(t.services, { space: built.space });
    const draft = await buildEvent(t.services, { space: built.space, status: "draft", title: { en: "Hidden draft" } });
    const elsewhere = await buildEvent(t.services);
    const document = await t.services.db.transaction((tx) => saveDocument(tx, {
      spaceId: built.space.id, slug: "how-to-report", kind: "guidance", language: "en", title: `${XSS} How to report`, tags: [], bodyMd: "Text.", status: "published", translationOfSlug: null, collectionId: null,
    }, { actorUserId: null, source: "import", now: new Date() }));
    const coordinator = await coordinatorOf(built);
    const path = programmePath(built.space.slug, built.programme.slug);
    const cohortHref = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);

    const cohortPage = await coordinator.get(cohortHref);
    assert.match(cohortPage.body, new RegExp(`<option value="${event.id}"`));
    assert.ok(!cohortPage.body.includes(draft.id), "drafts are not offered");
    assert.ok(!cohortPage.body.includes(elsewhere.id), "nor another space's events");
    for (const unknown of [draft.id, elsewhere.id, "00000000-0000-4000-8000-000000000000", "nonsense"]) {
      const refused = await coordinator.post(`${cohortHref}/sessions`, { event_id: unknown, "session_title.en": "Kept session" });
      assert.equal(refused.statusCode, 400, unknown);
      assert.match(refused.body, /Event of this space: Choose one of the space’s published events/);
      assert.match(refused.body, /value="Kept session"/);
    }
    assert.equal((await coordinator.post(`${cohortHref}/sessions`, { event_id: event.id })).statusCode, 303);
    const linked = (await listSessions(t.services.db, built.cohort.id)).find((session) => session.eventId === event.id);
    assert.ok(linked, "the session is linked");
    assert.deepEqual(linked.title, event.title, "its title is the event's");

    const programmePage = await coordinator.get(path);
    assert.match(programmePage.body, new RegExp(`<option value="${document.id}"`));
    assert.ok(!programmePage.body.includes(XSS));
    const refused = await coordinator.post(`${path}/materials`, { document_id: event.id, "material_title.en": "Kept material" });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Guidance document of this space: Choose one of the space’s published guidance documents/);
    assert.match(refused.body, /value="Kept material"/);
    assert.equal((await coordinator.post(`${path}/materials`, { document_id: document.id })).statusCode, 303);
    const [material] = await listMaterials(t.services.db, built.programme.id);
    assert.equal(material!.documentSlug, "how-to-report");
    assert.match((await coordinator.get(path)).body, new RegExp(`/spaces/${built.space.slug}/knowledge/guidance/how-to-report`));
  });
});
