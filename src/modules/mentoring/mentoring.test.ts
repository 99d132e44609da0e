import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { suggestMatches } from "../../platform/matching/matcher";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { buildProgramme } from "../programmes/factories";
import { addSpaceRole } from "../spaces/factories";
import { findFrameworkItemId } from "../spaces/queries";
import { closePair } from "./commands/close-pair";
import { confirmPair } from "./commands/confirm-pair";
import { rejectSuggestion } from "./commands/reject-suggestion";
import { logMeeting } from "./commands/log-meeting";
import { buildMentee, buildMentor, buildMentoringSpace } from "./factories";
import { mentoringPersonalData } from "./personal-data";
import { mentoringReportSection } from "./report";
import { mentoringSuggestions } from "./suggestions";

describe("mentoring: offers, requests, suggestions, pairs, meetings, privacy, mail, report", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const item = async (key: string) => (await findFrameworkItemId(t.services.db, "AARHUS", key))!;
  const organiserOf = async (space: { id: string }) => {
    const user = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, user.id, "coordinator");
    return user;
  };
  const login = (user: { email: string; password: string }) => new Browser(t.app).logIn(user.email, user.password);

  it("suggests the expected pairs on a hand-made case: capacity respected, no shared language never suggested, a rejected suggestion not made again", async () => {
    const space = await buildMentoringSpace(t.services);
    const [information, participation, justice] = await Promise.all([item("AARHUS-ACCESS-TO-INFORMATION"), item("AARHUS-PUBLIC-PARTICIPATION"), item("AARHUS-ACCESS-TO-JUSTICE")]);
    // Two mentors of participation (one place each), one of justice. Mira could only have Anna, so Nils takes
    // Boris (same zone) and Paul, six hours from Boris and ten from Anna, is left: places, not scores, decide.
    // Mira and Chen share Russian and a zone but no topic: not suggested (MENTORING_MIN_SCORE).
    const anna = await buildMentor(t.services, space, { displayName: "Anna", itemIds: [participation], tags: [], languages: ["ru", "en"], timeZone: "Asia/Almaty", capacity: 1 });
    const boris = await buildMentor(t.services, space, { displayName: "Boris", itemIds: [participation, information], tags: [], languages: ["en"], timeZone: "Europe/Paris", capacity: 1 });
    const chen = await buildMentor(t.services, space, { displayName: "Chen", itemIds: [justice], tags: [], languages: ["ru"], timeZone: "Asia/Almaty", capacity: 2 });
    const mira = await buildMentee(t.services, space, { displayName: "Mira", itemIds: [participation], tags: [], languages: ["ru"], timeZone: "Asia/Almaty" });
    const nils = await buildMentee(t.services, space, { displayName: "Nils", itemIds: [participation, information], tags: [], languages: ["en"], timeZone: "Europe/Paris" });
    const olga = await buildMentee(t.services, space, { displayName: "Olga", itemIds: [justice], tags: [], languages: ["ru"], timeZone: "Asia/Bishkek" });
    const pedro = await buildMentee(t.services, space, { displayName: "Pedro", itemIds: [justice], tags: [], languages: ["es"], timeZone: "Europe/Madrid" });
    const paul = await buildMentee(t.services, space, { displayName: "Paul", itemIds: [participation], tags: [], languages: ["en"], timeZone: "America/New_York" });

    const { suggestions } = await mentoringSuggestions(t.services.db, space.id, t.clock.now());
    const picked = new Map(suggestions.map((entry) => [entry.mentee.id, entry.suggested?.offererId ?? null]));
    assert.equal(picked.get(mira.id), anna.id, "Mira (Russian only) gets Anna, the participation mentor who speaks Russian");
    assert.equal(picked.get(nils.id), boris.id, "Nils gets Boris: both topics, same zone");
    assert.equal(picked.get(olga.id), chen.id, "Olga gets Chen for justice");
    assert.equal(picked.get(pedro.id), null, "Pedro shares no language with anyone");
    assert.equal(suggestions.find((entry) => entry.mentee.id === pedro.id)!.reason, "no_candidate");
    assert.equal(picked.get(paul.id), null, "Paul fits Boris and Anna, whose single places are taken");
    assert.equal(suggestions.find((entry) => entry.mentee.id === paul.id)!.reason, "no_capacity");
    const nilsPair = suggestions.find((entry) => entry.mentee.id === nils.id)!.suggested!;
    assert.deepEqual(nilsPair.reasons.sharedLanguages, ["en"]);
    assert.equal(nilsPair.reasons.hoursApart, 0);
    assert.equal(nilsPair.reasons.sharedTopics.length, 2);

    const organiser = await organiserOf(space);
    await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mira.id, mentorId: anna.id });
    await assert.rejects(confirmPair(t.services, { id: organiser.id }, space, { menteeId: paul.id, mentorId: anna.id }), (error: Error & { messageKey?: string }) => error.messageKey === "mentoring.error.mentor_full", "Anna's one place is taken");
    await assert.rejects(confirmPair(t.services, { id: organiser.id }, space, { menteeId: pedro.id, mentorId: chen.id }), (error: Error & { messageKey?: string }) => error.messageKey === "mentoring.error.no_shared_language");
    await rejectSuggestion(t.services, { id: organiser.id }, space, { menteeId: nils.id, mentorId: boris.id });
    const after = await mentoringSuggestions(t.services.db, space.id, t.clock.now());
    const nilsNow = after.suggestions.find((entry) => entry.mentee.id === nils.id)!;
    assert.notEqual(nilsNow.suggested?.offererId, boris.id);
    assert.ok(!nilsNow.alternatives.some((pair) => pair.offererId === boris.id), "a rejected mentor is not offered as an alternative either");
    assert.equal(after.suggestions.find((entry) => entry.mentee.id === paul.id)!.suggested?.offererId, boris.id, "Boris's place now goes to Paul");
    assert.ok(!after.suggestions.some((entry) => entry.mentee.id === mira.id), "a paired mentee waits no more");
    assert.deepEqual(
      after.mentors.map((mentor) => [mentor.displayName, mentor.activePairs]),
      [["Anna", 1], ["Boris", 0], ["Chen", 0]],
      "each mentor's load counts their active pairs",
    );
  });

  it("marks and lowers a previous pairing, and the matcher itself keeps to capacities", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const mentor = await buildMentor(t.services, space, { capacity: 3 });
    const other = await buildMentor(t.services, space, { capacity: 3 });
    const mentee = await buildMentee(t.services, space);
    const { id } = await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id });
    await closePair(t.services, { id: organiser.id }, space.id, id);
    await buildMentee(t.services, space, { user: mentee.user }); // asks again
    const { suggestions } = await mentoringSuggestions(t.services.db, space.id, t.clock.now());
    const entry = suggestions.find((candidate) => candidate.mentee.id === mentee.id)!;
    assert.equal(entry.suggested?.offererId, other.id, "the same fit with someone new wins over a repeat");
    const repeat = entry.alternatives.find((pair) => pair.offererId === mentor.id)!;
    assert.equal(repeat.reasons.pairedBefore, true);
    assert.ok(repeat.score < entry.suggested!.score);

    const askers = Array.from({ length: 5 }, (_, index) => ({ id: `a${index}`, topics: ["x"], languages: ["en"], capacity: 1 }));
    const result = suggestMatches(askers, [{ id: "m", topics: ["x"], languages: ["en"], capacity: 2 }], { now: t.clock.now() });
    assert.equal(result.pairs.length, 2, "an offerer with two places gets two askers, never more");
  });

  it("makes one pair when two organisers confirm at once: a mentor's last place, a mentee wanted by two mentors", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const mentor = await buildMentor(t.services, space, { capacity: 1 });
    const [first, second] = [await buildMentee(t.services, space), await buildMentee(t.services, space)];
    const outcomes = await Promise.allSettled([first, second].map((mentee) => confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id })));
    assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ["fulfilled", "rejected"]);
    const otherMentor = await buildMentor(t.services, space, { capacity: 2 });
    const thirdMentor = await buildMentor(t.services, space, { capacity: 2 });
    const wanted = await buildMentee(t.services, space);
    const both = await Promise.allSettled([otherMentor, thirdMentor].map((candidate) => confirmPair(t.services, { id: organiser.id }, space, { menteeId: wanted.id, mentorId: candidate.id })));
    assert.deepEqual(both.map((outcome) => outcome.status).sort(), ["fulfilled", "rejected"]);
    const [row] = await queryRows<{ active: number }>(t.services.db, sql`select count(*)::int as active from mentoring_pairs where mentee_id = ${wanted.id} and status = 'active'`);
    assert.equal(row!.active, 1);
  });

  it("validates the offer form, names the fields, keeps the input and escapes what people typed", async () => {
    const space = await buildMentoringSpace(t.services);
    const user = await buildUser(t.services);
    const browser = await login(user);
    const path = `/spaces/${space.slug}/mentoring`;
    assert.equal((await new Browser(t.app).get(`${path}/offer`)).statusCode >= 300, true, "the form needs an account");
    const bad = await browser.post(`${path}/offer`, { displayName: `${XSS} Kept name`, bio: "kept bio", timeZone: "Mars/Olympus", capacity: "0", languages: "en", tags: "fundraising" });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Choose a time zone from the list/);
    assert.match(bad.body, /whole number from 1 to 20/);
    assert.match(bad.body, /kept bio/);
    assert.ok(!bad.body.includes(XSS), "the typed name is escaped");
    const good = await browser.post(`${path}/offer`, { displayName: `${XSS} Kept name`, bio: "About me", timeZone: "Asia/Almaty", capacity: "2", languages: ["ru", "en"], tags: "fundraising, Media", itemIds: await item("AARHUS-ACCESS-TO-INFORMATION") });
    assert.equal(good.statusCode, 303, good.body.slice(0, 400));
    const home = await new Browser(t.app).get(path);
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Kept name/);
    assert.match(home.body, /#media/, "tags are stored lower case");
    assert.ok(!home.body.includes(XSS));
    const foreignItem = await browser.post(`${path}/offer`, { displayName: "Me", timeZone: "UTC", capacity: "1", languages: "en", itemIds: (await findFrameworkItemId(t.services.db, "GBF", "GBF-TARGET-1"))! });
    assert.equal(foreignItem.statusCode, 422, "items of frameworks the space does not use are refused");
  });

  it("offers the space's programmes in a select and refuses another space's programme beside the field, input kept", async () => {
    const space = await buildMentoringSpace(t.services);
    const { programme } = await buildProgramme(t.services, { space });
    const elsewhere = await buildProgramme(t.services);
    const browser = await login(await buildUser(t.services));
    const path = `/spaces/${space.slug}/mentoring`;
    const form = await browser.get(`${path}/request`);
    assert.match(form.body, /<select[^>]*name="programmeId"/);
    assert.ok(form.body.includes(`<option value="${programme.id}"`), "the space's programme is a choice");
    assert.ok(!form.body.includes(elsewhere.programme.id), "another space's programme is not");
    const input = { displayName: "Kept mentee", needs: "kept needs", timeZone: "Asia/Almaty", languages: "en", tags: "fundraising" };
    const foreign = await browser.post(`${path}/request`, { ...input, programmeId: elsewhere.programme.id });
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.body, /programmeId-error">Choose one of this space(&#39;|&#x27;|')s programmes/);
    assert.match(foreign.body, /kept needs/);
    assert.equal((await browser.post(`${path}/request`, { ...input, programmeId: programme.id })).statusCode, 303);
    assert.ok((await browser.get(`${path}/request`)).body.includes(`<option value="${programme.id}" selected>`), "the linked programme is shown chosen");
  });

  it("keeps requests, pairs and meeting notes to the people concerned and the organisers; the API shows listed mentors' public fields only", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const mentor = await buildMentor(t.services, space, { displayName: "Listed Mentor", capacity: 2 });
    const paused = await buildMentor(t.services, space, { displayName: "Paused Mentor" });
    await login(paused.user).then((browser) => browser.post(`/spaces/${space.slug}/mentoring/offer/status`, { status: "paused" }));
    const mentee = await buildMentee(t.services, space, { needs: "Private need of the first mentee" });
    const otherMentee = await buildMentee(t.services, space, { needs: "Private need of the second mentee" });
    const { id: pairId } = await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id });
    await logMeeting(t.services, { id: mentor.user.id }, { id: pairId, spaceId: space.id }, { metOn: "2026-03-01", minutes: 45, notes: "Confidential meeting note" });
    const path = `/spaces/${space.slug}/mentoring`;
    const pairPath = `${path}/pairs/${pairId}`;

    const asOther = await login(otherMentee.user);
    const otherHome = await asOther.get(path);
    assert.equal(otherHome.statusCode, 200);
    assert.ok(!otherHome.body.includes("Private need of the first mentee"), "a mentee does not see another's request");
    assert.equal((await asOther.get(`${path}/organise`)).statusCode, 403);
    assert.equal((await asOther.get(pairPath)).statusCode, 404, "someone else's pair does not exist for them");
    assert.equal((await asOther.post(`${pairPath}/meetings`, { metOn: "2026-03-02", minutes: "30", notes: "x" })).statusCode, 404);
    assert.equal((await new Browser(t.app).get(pairPath)).statusCode, 404);
    assert.equal((await asOther.get(`/contact/mentoring-pair/${pairId}`)).statusCode, 404, "the relay to a pair is only for its two people");

    for (const person of [mentor.user, mentee.user, organiser]) {
      const page = await (await login(person)).get(pairPath);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Confidential meeting note/);
      assert.ok(!page.body.includes(mentor.user.email) && !page.body.includes(mentee.user.email), "no address on the pair's page");
    }
    const asMentee = await login(mentee.user);
    assert.equal((await asMentee.get(`/contact/mentoring-pair/${pairId}`)).statusCode, 200, "the mentee can write to the mentor through the relay");
    const organiserPage = await (await login(organiser)).get(`${path}/organise`);
    assert.match(organiserPage.body, /Private need of the second mentee/, "organisers see who waits and what they need");
    assert.ok(!organiserPage.body.includes(XSS));

    const api = await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/mentoring/mentors`, { accept: "application/json" });
    assert.equal(api.statusCode, 200, api.body.slice(0, 300));
    const data = (JSON.parse(api.body) as { data: { display_name: string; has_free_place: boolean }[] }).data;
    assert.deepEqual(data.map((entry) => entry.display_name), ["Listed Mentor"], "paused mentors are not listed");
    assert.equal(data[0]!.has_free_place, true);
    assert.ok(!api.body.includes(mentor.user.id) && !api.body.includes(mentor.user.email) && !api.body.includes("Private need"));

    const spec = (await t.app.inject({ url: "/api/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    assert.ok(spec.paths["/api/v1/spaces/{slug}/mentoring/mentors"], "the API is documented in OpenAPI");

    const privateSpace = await buildMentoringSpace(t.services, { visibility: "private" });
    assert.equal((await new Browser(t.app).get(`/api/v1/spaces/${privateSpace.slug}/mentoring/mentors`, { accept: "application/json" })).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${privateSpace.slug}/mentoring`)).statusCode, 404);
  });

  it("mails the mentor and the mentee in their own languages when an organiser confirms, and lets the pair log and close", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const russian = await buildUser(t.services, { locale: "ru" });
    const english = await buildUser(t.services, { locale: "en" });
    const mentor = await buildMentor(t.services, space, { user: russian, displayName: "Гульнара" });
    const mentee = await buildMentee(t.services, space, { user: english, displayName: "Dilnoza" });
    const asOrganiser = await login(organiser);
    const confirmed = await asOrganiser.post(`/spaces/${space.slug}/mentoring/pairs`, { menteeId: mentee.id, mentorId: mentor.id });
    assert.equal(confirmed.statusCode, 303, confirmed.body.slice(0, 300));
    const pairPath = String(confirmed.headers.location);
    const again = await asOrganiser.post(`/spaces/${space.slug}/mentoring/pairs`, { menteeId: mentee.id, mentorId: mentor.id });
    assert.equal(again.statusCode, 303, "a second confirmation is refused with a message, not a second pair");
    assert.equal(String(again.headers.location), `/spaces/${space.slug}/mentoring/organise`);
    assert.equal((await asOrganiser.post(`/spaces/${space.slug}/mentoring/pairs`, { menteeId: "not-an-id", mentorId: mentor.id })).statusCode, 400);
    await t.services.jobs.drain();
    const mails = await outboxMessages(t.outboxDir);
    const toMentor = mails.find((mail) => mail.to.includes(russian.email))!;
    const toMentee = mails.find((mail) => mail.to.includes(english.email))!;
    assert.equal(toMentor.subject, "Ваш новый подопечный: Dilnoza");
    assert.equal(toMentor.language, "ru");
    assert.equal(toMentee.subject, "Гульнара will be your mentor");
    assert.match(toMentee.text, new RegExp(`${pairPath}`));
    assert.ok(!toMentor.text.includes(english.email) && !toMentee.text.includes(russian.email), "no address of the other person in the mail");

    const asMentee = await login(english);
    const badMeeting = await asMentee.post(`${pairPath}/meetings`, { metOn: "yesterday", minutes: "2", notes: "kept note" });
    assert.equal(badMeeting.statusCode, 422);
    assert.match(badMeeting.body, /Give the date as year-month-day/);
    assert.match(badMeeting.body, /kept note/);
    assert.equal((await asMentee.post(`${pairPath}/meetings`, { metOn: "2026-03-01", minutes: "60", notes: "First call" })).statusCode, 303);
    assert.equal((await asMentee.post(`${pairPath}/close`, {})).statusCode, 303);
    const closed = await asMentee.get(pairPath);
    assert.match(closed.body, /First call/);
    assert.ok(!closed.body.includes(`${pairPath}/meetings`), "a closed pair's log takes no more meetings");
    await t.services.jobs.drain();
    const ended = await outboxMessages(t.outboxDir);
    const endedToMentor = ended.find((mail) => mail.to.includes(russian.email) && mail.subject === "Ваша пара наставничества с Dilnoza завершена")!;
    const endedToMentee = ended.find((mail) => mail.to.includes(english.email) && mail.subject === "Your mentoring pair with Гульнара has ended")!;
    assert.ok(endedToMentor, "the mentor is told in Russian that the pair ended");
    assert.match(endedToMentor.text, new RegExp(pairPath));
    assert.match(endedToMentor.text, /Ваш партнёр по паре Dilnoza закрыл пару/);
    assert.match(endedToMentee.text, /You have closed your mentoring pair/, "the one who closed gets the record too");
    assert.ok(!endedToMentor.text.includes(english.email) && !endedToMentee.text.includes(russian.email));
  });

  it("mails both people in their own languages when a mentor or a mentee withdraws from an active pair", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const [mentorUser, menteeUser] = [await buildUser(t.services, { locale: "fr" }), await buildUser(t.services, { locale: "ar" })];
    const mentor = await buildMentor(t.services, space, { user: mentorUser, displayName: "Claire", capacity: 2 });
    const mentee = await buildMentee(t.services, space, { user: menteeUser, displayName: "Samir" });
    await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id });
    assert.equal((await (await login(mentorUser)).post(`/spaces/${space.slug}/mentoring/offer/status`, { status: "withdrawn" })).statusCode, 303);
    await t.services.jobs.drain();
    const endedMails = async () => (await outboxMessages(t.outboxDir)).filter((mail) => mail.subject === "Votre binôme de mentorat avec Samir a pris fin" || mail.subject === "انتهى ثنائي التوجيه الذي يجمعك مع Claire");
    const afterMentor = await endedMails();
    assert.equal(afterMentor.length, 2, "one mail to each person, no more");
    const toMentor = afterMentor.find((mail) => mail.to.includes(mentorUser.email))!;
    const toMentee = afterMentor.find((mail) => mail.to.includes(menteeUser.email))!;
    assert.equal(toMentor.language, "fr");
    assert.match(toMentor.text, /Vous vous êtes retiré\(e\) du mentorat/);
    assert.equal(toMentee.language, "ar");
    assert.match(toMentee.text, /انسحب Claire من التوجيه/);
    assert.match(toMentee.text, /عاد طلبك إلى قائمة الانتظار/, "the mentee is told the request waits again");

    // Claire offers again, the pair is made again, and this time Samir withdraws the request.
    await buildMentor(t.services, space, { user: mentorUser, displayName: "Claire", capacity: 2 });
    await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id });
    assert.equal((await (await login(menteeUser)).post(`/spaces/${space.slug}/mentoring/request/withdraw`, {})).statusCode, 303);
    await t.services.jobs.drain();
    const afterMentee = (await endedMails()).filter((mail) => !afterMentor.some((earlier) => earlier.text === mail.text && earlier.to === mail.to));
    assert.equal(afterMentee.length, 2);
    assert.match(afterMentee.find((mail) => mail.to.includes(mentorUser.email))!.text, /Samir s’est retiré\(e\) du mentorat/);
    const menteeMail = afterMentee.find((mail) => mail.to.includes(menteeUser.email))!;
    assert.match(menteeMail.text, /لقد انسحبت من التوجيه/);
    assert.ok(!menteeMail.text.includes("عاد طلبك"), "a mentee who withdrew waits for nothing");
  });

  it("reports the period's figures and exports and deletes a person's mentoring data", async () => {
    const space = await buildMentoringSpace(t.services);
    const organiser = await organiserOf(space);
    const mentor = await buildMentor(t.services, space, { capacity: 2 });
    const mentee = await buildMentee(t.services, space);
    await buildMentee(t.services, space);
    const { id: pairId } = await confirmPair(t.services, { id: organiser.id }, space, { menteeId: mentee.id, mentorId: mentor.id });
    await logMeeting(t.services, { id: mentee.user.id }, { id: pairId, spaceId: space.id }, { metOn: t.clock.now().toISOString().slice(0, 10), minutes: 90, notes: "n" });
    const now = t.clock.now();
    const scope = { spaceId: space.id, spaceSlug: space.slug, from: new Date(now.getTime() - 86_400_000), until: new Date(now.getTime() + 86_400_000) };
    assert.equal(await mentoringReportSection.isAvailable(t.services.db, space.id), true);
    const section = await mentoringReportSection.load(t.services.db, scope, { locale: "en", t: translator("en"), format: intlFormat("en") });
    const figures = section.blocks[0]!.kind === "figures" ? section.blocks[0]!.items.map((entry) => entry.value) : [];
    assert.deepEqual(figures, [1, 2, 1, 1, 1], "mentors, mentees, pairs, meetings, waiting");
    const earlier = await mentoringReportSection.load(t.services.db, { ...scope, from: new Date("2020-01-01"), until: new Date("2020-02-01") }, { locale: "ru", t: translator("ru"), format: intlFormat("ru") });
    assert.equal(earlier.title, "Наставничество");
    assert.deepEqual(earlier.blocks[0]!.kind === "figures" ? earlier.blocks[0]!.items.map((entry) => entry.value) : [], [0, 0, 0, 0, 0]);

    const exported = (await mentoringPersonalData.exportFor(t.services.db, mentee.user.id)) as { requests: unknown[]; pairs: { role: string; meetings: { notes: string; isLoggedByMe: boolean }[] }[] };
    assert.equal(exported.requests.length, 1);
    assert.equal(exported.pairs[0]!.role, "mentee");
    assert.deepEqual(exported.pairs[0]!.meetings.map((meeting) => [meeting.notes, meeting.isLoggedByMe]), [["n", true]]);
    await mentoringPersonalData.onAccountDeleted!(t.services.db, mentee.user.id);
    const left = await queryRows<{ requests: number; pairs: number; meetings: number }>(
      t.services.db,
      sql`select (select count(*)::int from mentoring_mentees where user_id = ${mentee.user.id}) as requests, (select count(*)::int from mentoring_pairs where id = ${pairId}) as pairs, (select count(*)::int from mentoring_meetings where pair_id = ${pairId}) as meetings`,
    );
    assert.deepEqual(left[0], { requests: 0, pairs: 0, meetings: 0 });
  });
});
