import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createApiToken } from "../../platform/api/tokens";
import { DAY_MS } from "../../platform/clock";
import { auditLog, users, type NotificationSettings } from "../../platform/schema";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { outboxMessages } from "../../testing/outbox";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import type { ViewContext } from "../../platform/http/context";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { buildBreakouts, buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { sendDigests, startOfWeek } from "./jobs";
import { loadConsultationForViewer } from "./queries";
import { notifyAboutApprovedContribution, notifyAboutContribution, notifyAboutNewTopic } from "./notifications";
import { consultationBreakoutMembers, consultationBreakouts, consultationContributions, consultationFollows, consultationNotifications, consultationTopics } from "./schema";
import { consultationParticipationLinks, sessionGroupLinks } from "./views/participation-links";

describe("participation: notifications, following, breakouts and the plenary", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const setEmail = (user: { id: string }, email: NotificationSettings["email"]) =>
    t.services.db.update(users).set({ notificationSettings: { email } }).where(eq(users.id, user.id));
  const follow = (user: { id: string }, consultation: BuiltConsultation, topicId: string | null = null) =>
    t.services.db.insert(consultationFollows).values({ userId: user.id, consultationId: consultation.id, topicId });
  /** Runs the hook the posting transaction runs, as post-contribution does after its insert. */
  const notify = (contribution: { id: string; authorId: string }, consultation: BuiltConsultation, topicId: string) =>
    t.services.db.transaction((tx) =>
      notifyAboutContribution(t.services, tx, { id: contribution.id, consultationId: consultation.id, topicId, parentId: null, authorId: contribution.authorId, status: "published" }, t.clock.now()),
    );
  const mailsTo = async (user: BuiltUser) => (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(user.email));
  const drain = () => t.services.jobs.drain();

  test("a reply mails the parent's author at once, in their language, never its own author", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id };
    const parentAuthor = await buildUser(t.services, { locale: "ru" });
    const replier = await buildUser(t.services, { displayName: "Replier <b>" });
    const parent = await buildContribution(t.services, topic, { authorId: parentAuthor.id });
    const reply = await buildContribution(t.services, topic, { authorId: replier.id, parentId: parent.id, body: "I agree with <this> point" });
    assert.equal(await notify(reply, consultation, topic.topicId), 1);
    await drain();
    const mails = await mailsTo(parentAuthor);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /Replier <b> ответил\(а\) вам/);
    assert.match(mails[0]!.text, /I agree with <this> point/);
    assert.match(mails[0]!.text, new RegExp(`/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/contributions/${reply.number}`));
    assert.equal((await mailsTo({ ...replier, email: replier.email })).length, 0);
    const [row] = await t.services.db.select().from(consultationNotifications).where(eq(consultationNotifications.contributionId, reply.id));
    assert.equal(row?.kind, "reply");
    assert.ok(row?.sentAt, "the row is marked sent");
    // Running the hook again (an approval replayed) tells nobody twice.
    assert.equal(await notify(reply, consultation, topic.topicId), 0);
  });

  test("a reply posted for real (through the API and post-contribution) reaches the parent's author", async () => {
    const consultation = await buildConsultation(t.services);
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const parentAuthor = await buildUser(t.services);
    const replier = await buildUser(t.services);
    const parent = await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: parentAuthor.id });
    const { secret } = await createApiToken(t.services.db, { userId: replier.id, name: "test", scopes: ["contributions:write"] });
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/1/contributions`,
      headers: { authorization: `Bearer ${secret}` },
      payload: { body: "Answering through the API", parent_number: parent.number },
    });
    assert.equal(response.statusCode, 201, response.body);
    await drain();
    const mails = await mailsTo(parentAuthor);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text, /Answering through the API/);
  });

  test("followers of the topic and of the consultation hear about new contributions; other topics' followers do not", async () => {
    const consultation = await buildConsultation(t.services, { groups: [{ topics: [{}, {}] }] });
    const [first, second] = consultation.groups[0]!.topics;
    const topicFollower = await buildUser(t.services);
    const consultationFollower = await buildUser(t.services);
    const otherTopicFollower = await buildUser(t.services);
    const author = await buildUser(t.services);
    await follow(topicFollower, consultation, first!.id);
    await follow(consultationFollower, consultation);
    await follow(otherTopicFollower, consultation, second!.id);
    await follow(author, consultation);
    const posted = await buildContribution(t.services, { consultationId: consultation.id, topicId: first!.id }, { authorId: author.id });
    assert.equal(await notify(posted, consultation, first!.id), 2);
    await drain();
    assert.equal((await mailsTo(topicFollower)).length, 1);
    assert.match((await mailsTo(topicFollower))[0]!.subject, /New contribution in/);
    assert.equal((await mailsTo(consultationFollower)).length, 1);
    assert.equal((await mailsTo(otherTopicFollower)).length, 0);
    assert.equal((await mailsTo(author)).length, 0);
  });

  test("daily digests gather the day's notifications into one mail the next day; weekly ones wait for Monday; off gets nothing", async () => {
    const consultation = await buildConsultation(t.services);
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const daily = await buildUser(t.services);
    const weekly = await buildUser(t.services);
    const off = await buildUser(t.services);
    for (const [user, email] of [[daily, "daily"], [weekly, "weekly"], [off, "off"]] as const) {
      await setEmail(user, email);
      await follow(user, consultation);
    }
    const first = await buildContribution(t.services, { consultationId: consultation.id, topicId });
    await notify(first, consultation, topicId);
    t.clock.advance(60_000);
    const second = await buildContribution(t.services, { consultationId: consultation.id, topicId });
    await notify(second, consultation, topicId);
    await drain();
    assert.equal((await mailsTo(daily)).length, 0, "nothing at once for digest readers");
    const offRows = await t.services.db.select().from(consultationNotifications).where(eq(consultationNotifications.userId, off.id));
    assert.equal(offRows.length, 0, "off: not even a row");

    await sendDigests(t.services);
    await drain();
    assert.equal((await mailsTo(daily)).length, 0, "the day is not over yet");

    t.clock.advance(DAY_MS);
    await sendDigests(t.services);
    await drain();
    const dailyMails = await mailsTo(daily);
    assert.equal(dailyMails.length, 1);
    assert.match(dailyMails[0]!.subject, /2 updates/);
    assert.equal(dailyMails[0]!.text.split(`/contributions/`).length - 1, 2);
    await sendDigests(t.services);
    await drain();
    assert.equal((await mailsTo(daily)).length, 1, "a second run in the same period sends nothing");

    assert.equal((await mailsTo(weekly)).length, 0, "the week is not over yet");
    // The week's notifications go out once the next week has begun (Monday, UTC).
    t.clock.set(new Date(startOfWeek(t.clock.now()).getTime() + 7 * DAY_MS + 3_600_000));
    await sendDigests(t.services);
    await drain();
    const weeklyMails = await mailsTo(weekly);
    assert.equal(weeklyMails.length, 1);
    assert.match(weeklyMails[0]!.subject, /Your week/);
    assert.equal((await mailsTo(off)).length, 0);
  });

  test("members-only consultations and private spaces notify only people who may see them", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, visibility: "members" });
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const member = await buildUser(t.services);
    const outsider = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    // The outsider followed while it was public; it is members-only now.
    await follow(member, consultation);
    await follow(outsider, consultation);
    const posted = await buildContribution(t.services, { consultationId: consultation.id, topicId });
    assert.equal(await notify(posted, consultation, topicId), 1);
    await drain();
    assert.equal((await mailsTo(member)).length, 1);
    assert.equal((await mailsTo(outsider)).length, 0);
  });

  test("a breakout's contribution reaches only that breakout's members and the session's facilitators", async () => {
    const facilitator = await buildUser(t.services);
    const consultation = await buildConsultation(t.services, { groups: [{ kind: "session", facilitatorIds: [facilitator.id], topics: [{}] }] });
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const [inA, alsoInA, inB] = [await buildUser(t.services), await buildUser(t.services), await buildUser(t.services)];
    const [breakoutA] = await buildBreakouts(t.services, consultation.groups[0]!.id, [[inA.id, alsoInA.id], [inB.id]]);
    for (const user of [alsoInA, inB, facilitator]) await follow(user, consultation);
    const posted = await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: inA.id, breakoutId: breakoutA });
    assert.equal(await notify(posted, consultation, topicId), 2);
    await drain();
    assert.equal((await mailsTo(alsoInA)).length, 1);
    assert.equal((await mailsTo(facilitator)).length, 1);
    assert.equal((await mailsTo(inB)).length, 0);
  });

  test("held contributions tell nobody until approved; approval tells the same people once; new topics reach consultation followers", async () => {
    const consultation = await buildConsultation(t.services);
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const parentAuthor = await buildUser(t.services);
    const follower = await buildUser(t.services);
    await follow(follower, consultation);
    const parent = await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: parentAuthor.id });
    const held = await buildContribution(t.services, { consultationId: consultation.id, topicId }, { parentId: parent.id, status: "held" });
    assert.equal(await notify(held, consultation, topicId), 0);
    await t.services.db.update(consultationContributions).set({ status: "published" }).where(eq(consultationContributions.id, held.id));
    assert.equal(await t.services.db.transaction((tx) => notifyAboutApprovedContribution(tx, held.id, t.clock.now())), 2);
    assert.equal(await t.services.db.transaction((tx) => notifyAboutApprovedContribution(tx, held.id, t.clock.now())), 0);
    await drain();
    assert.match((await mailsTo(parentAuthor))[0]!.subject, /replied to you/);
    assert.equal((await mailsTo(follower)).length, 1);

    const [topic] = await t.services.db
      .insert(consultationTopics)
      .values({ consultationId: consultation.id, groupId: consultation.groups[0]!.id, number: 2, title: { en: "Finance <i>", ru: "Финансы" } })
      .returning();
    assert.equal(await t.services.db.transaction((tx) => notifyAboutNewTopic(t.services, tx, { id: topic!.id, consultationId: consultation.id }, t.clock.now())), 1);
    await drain();
    const mails = await mailsTo(follower);
    assert.equal(mails.length, 2);
    assert.match(mails[1]!.subject, /New topic in .*Finance <i>/);
    assert.match(mails[1]!.text, /\/topics\/2/);
  });

  test("following and unfollowing a consultation and a topic through the forms, back to the page it came from", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug });
    const hidden = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, visibility: "members" });
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, user.password);
    const base = `/spaces/${space.slug}/consultations/${consultation.slug}`;
    const rows = () => t.services.db.select().from(consultationFollows).where(eq(consultationFollows.userId, user.id));

    const followed = await browser.post(`${base}/follow`, { follow: "1", next: `${base}?tab=1` });
    assert.equal(followed.statusCode, 303);
    assert.equal(followed.headers.location, `${base}?tab=1`);
    assert.equal((await browser.post(`${base}/follow`, { follow: "1", next: "//evil.example" })).headers.location, base, "only same-site paths");
    assert.equal((await rows()).length, 1);
    assert.equal((await rows())[0]!.topicId, null);

    assert.equal((await browser.post(`${base}/topics/1/follow`, { follow: "1" })).headers.location, `${base}/topics/1`);
    assert.equal((await rows()).length, 2);
    await browser.post(`${base}/follow`, { follow: "0", next: base });
    const left = await rows();
    assert.equal(left.length, 1);
    assert.ok(left[0]!.topicId);

    assert.equal((await browser.post(`/spaces/${space.slug}/consultations/${hidden.slug}/follow`, { follow: "1" })).statusCode, 404);
    assert.equal((await browser.post(`${base}/topics/9/follow`, { follow: "1" })).statusCode, 404);
    assert.equal((await browser.post(`${base}/follow`, { follow: "1" }, { isCsrfOmitted: true })).statusCode, 403);
    assert.equal((await new Browser(t.app).post(`${base}/follow`, { follow: "1" })).statusCode, 401);
  });

  test("a facilitator splits a session round-robin, moves people by hand; others may not; splits stop once people posted", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const facilitator = await buildUser(t.services);
    const consultation = await buildConsultation(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      groups: [{ kind: "session", facilitatorIds: [facilitator.id], topics: [{}] }, { topics: [{}] }],
    });
    const people: BuiltUser[] = [];
    for (const name of ["Anna", "Boris", "Chen", "Dana", "Emeka"]) people.push(await buildUser(t.services, { displayName: name }));
    for (const person of people.slice(0, 3)) await addSpaceRole(t.services, space.id, person.id, "member");
    await follow(people[3]!, consultation);
    await buildContribution(t.services, { consultationId: consultation.id, topicId: consultation.groups[1]!.topics[0]!.id }, { authorId: people[4]!.id });
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");

    const path = `/spaces/${space.slug}/consultations/${consultation.slug}/groups/1/breakouts`;
    const browser = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    const page = await browser.get(path);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /<script>alert/);

    const invalid = await browser.post(path, { count: "0", mode: "round_robin" });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /Enter a whole number from 1 to 50/);
    assert.match(invalid.body, /value="0"/, "the input is kept");

    assert.equal((await browser.post(path, { count: "2", mode: "round_robin" })).statusCode, 303);
    const breakouts = await t.services.db.select().from(consultationBreakouts).where(eq(consultationBreakouts.groupId, consultation.groups[0]!.id));
    assert.equal(breakouts.length, 2);
    const seatOf = async (user: { id: string }) =>
      (await t.services.db.select().from(consultationBreakoutMembers).where(and(eq(consultationBreakoutMembers.groupId, consultation.groups[0]!.id), eq(consultationBreakoutMembers.userId, user.id))))[0]?.breakoutId;
    const numberOf = async (user: { id: string }) => {
      const seat = await seatOf(user);
      return breakouts.find((breakout) => breakout.id === seat)?.number;
    };
    // Alphabetical, in turn: Anna 1, Boris 2, Chen 1, Dana 2, Emeka 1; the coordinator and facilitator are not seated.
    assert.deepEqual(await Promise.all(people.map(numberOf)), [1, 2, 1, 2, 1]);
    assert.equal(await seatOf(coordinator), undefined);
    assert.equal(await seatOf(facilitator), undefined);

    const badSeat = await browser.post(`${path}/assign`, { [`seat.${people[0]!.id}`]: "7" });
    assert.equal(badSeat.statusCode, 422);
    assert.match(badSeat.body, /Choose one of the listed groups/);
    assert.equal(await numberOf(people[0]!), 1, "nothing changed");
    assert.equal((await browser.post(`${path}/assign`, { [`seat.${people[0]!.id}`]: "2", [`seat.${people[1]!.id}`]: "", [`seat.${coordinator.id}`]: "1" })).statusCode, 303);
    assert.equal(await numberOf(people[0]!), 2, "moved");
    assert.equal(await seatOf(people[1]!), undefined, "taken out");
    assert.equal(await seatOf(coordinator), undefined, "non-participants are ignored");
    const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "consultation.breakouts.assign"), eq(auditLog.subjectId, consultation.groups[0]!.id)));
    assert.ok(audit);

    const member = await new Browser(t.app).logIn(people[0]!.email, people[0]!.password);
    assert.equal((await member.get(path)).statusCode, 403);
    assert.equal((await member.post(path, { count: "3", mode: "manual" })).statusCode, 403);
    assert.equal((await browser.get(`/spaces/${space.slug}/consultations/${consultation.slug}/groups/2/breakouts`)).statusCode, 404, "discussion groups have no breakouts");

    await buildContribution(t.services, { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id }, { authorId: people[2]!.id, breakoutId: breakouts[0]!.id });
    const again = await browser.post(path, { count: "3", mode: "manual" });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already posted/);
    const coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    assert.equal((await coordinatorBrowser.get(path)).statusCode, 200, "coordinators facilitate every group");
  });

  test("the plenary shows every breakout side by side: facilitators always, participants once the session closed", async () => {
    const facilitator = await buildUser(t.services);
    const now = t.clock.now();
    const consultation = await buildConsultation(t.services, {
      groups: [{ kind: "session", facilitatorIds: [facilitator.id], closesAt: new Date(now.getTime() + DAY_MS), topics: [{}] }],
    });
    const topicId = consultation.groups[0]!.topics[0]!.id;
    const [alice, bob] = [await buildUser(t.services), await buildUser(t.services)];
    const [breakoutA, breakoutB] = await buildBreakouts(t.services, consultation.groups[0]!.id, [[alice.id], [bob.id]]);
    const fromA = await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: alice.id, breakoutId: breakoutA, body: "Answer from group A <img src=x>" });
    await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: bob.id, breakoutId: breakoutB, body: "Answer from group B" });
    await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: alice.id, breakoutId: breakoutA, parentId: fromA.id, body: "Follow-up in A" });
    await buildContribution(t.services, { consultationId: consultation.id, topicId }, { authorId: bob.id, breakoutId: breakoutB, body: "Held in B", status: "held" });
    const path = `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/groups/1/plenary`;

    const participant = await new Browser(t.app).logIn(alice.email, alice.password);
    assert.equal((await participant.get(path)).statusCode, 403);
    const facilitating = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    const page = await facilitating.get(path);
    assert.equal(page.statusCode, 200);
    const columnA = page.body.indexOf("Breakout 1");
    const columnB = page.body.indexOf("Breakout 2");
    assert.ok(columnA > 0 && columnB > columnA);
    assert.ok(page.body.indexOf("Answer from group A") > columnA && page.body.indexOf("Answer from group A") < columnB);
    assert.ok(page.body.indexOf("Follow-up in A") < columnB);
    assert.ok(page.body.indexOf("Answer from group B") > columnB);
    assert.doesNotMatch(page.body, /Held in B/);
    assert.doesNotMatch(page.body, /<img src=x>/);
    assert.match(page.body, /&lt;img src=x&gt;/);

    t.clock.advance(DAY_MS);
    const afterClose = await participant.get(path);
    assert.equal(afterClose.statusCode, 200);
    assert.match(afterClose.body, /Answer from group B/);
    assert.equal((await new Browser(t.app).get(path)).statusCode, 200, "a public consultation's closed plenary is public");
  });
  test("the links for overview pages: follow the consultation, statistics when open data, plenary and (facilitators) breakouts", async () => {
    const facilitator = await buildUser(t.services);
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const consultation = await buildConsultation(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      groups: [{ kind: "session", facilitatorIds: [facilitator.id], topics: [{}] }, { topics: [{}] }],
    });
    const membersOnly = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, visibility: "members", groups: [{ topics: [{}] }] });
    await addSpaceRole(t.services, space.id, facilitator.id, "member");
    const view = (user: BuiltUser | null): ViewContext => ({
      locale: "en",
      t: translator("en"),
      format: intlFormat("en"),
      user: user ? { id: user.id, email: user.email, displayName: user.displayName, locale: "en", isPlatformAdmin: false, isEmailVerified: true } : null,
      csrfToken: "token",
      flash: null,
      url: "/here?x=1",
    });
    const now = t.clock.now();
    const asFacilitator = await loadConsultationForViewer(t.services.db, space.slug, consultation.slug, { id: facilitator.id, isPlatformAdmin: false }, now);
    const anonymous = await loadConsultationForViewer(t.services.db, space.slug, consultation.slug, null, now);
    const base = `/spaces/${space.slug}/consultations/${consultation.slug}`;
    const [session, discussion] = [{ id: consultation.groups[0]!.id, number: 1, kind: "session" }, { id: consultation.groups[1]!.id, number: 2, kind: "discussion" }];

    const signedIn = String(consultationParticipationLinks(view(facilitator), asFacilitator, false));
    assert.match(signedIn, new RegExp(`action="${base}/follow"`));
    assert.match(signedIn, /name="follow" value="1"/);
    assert.match(signedIn, new RegExp(`href="${base}/stats"`));
    assert.match(String(consultationParticipationLinks(view(facilitator), asFacilitator, true)), /name="follow" value="0"/);
    // Following is never the page's primary button: taking part is (one primary per page, phones included).
    for (const isFollowing of [false, true]) assert.match(String(consultationParticipationLinks(view(facilitator), asFacilitator, isFollowing)), /<button type="submit" class="secondary">/);
    assert.match(String(consultationParticipationLinks(view(null), anonymous, false)), /href="\/login\?next=/);
    const hidden = await loadConsultationForViewer(t.services.db, space.slug, membersOnly.slug, { id: facilitator.id, isPlatformAdmin: false }, now);
    assert.doesNotMatch(String(consultationParticipationLinks(view(facilitator), hidden, false)), /\/stats/, "members-only consultations are not open data");

    const forFacilitator = String(sessionGroupLinks(view(facilitator), asFacilitator, session));
    assert.match(forFacilitator, new RegExp(`href="${base}/groups/1/plenary"`));
    assert.match(forFacilitator, new RegExp(`href="${base}/groups/1/breakouts"`));
    const forVisitor = String(sessionGroupLinks(view(null), anonymous, session));
    assert.match(forVisitor, /\/plenary"/);
    assert.doesNotMatch(forVisitor, /\/breakouts"/);
    assert.equal(String(sessionGroupLinks(view(facilitator), asFacilitator, discussion)), "");
  });
});
