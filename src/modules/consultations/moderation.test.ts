import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, asc, eq } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { decidePosting, linkHeldPost } from "../../platform/moderation/gate";
import { moderationBlocks, moderationLog, moderationReports, moderationSettings } from "../../platform/moderation/schema";
import { jobs, users } from "../../platform/schema";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { consultationContributions, CONTRIBUTION_SUBJECT } from "./schema";

describe("safe participation: reports, queues, decisions, blocks, limits, screening", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  type Scene = {
    consultation: BuiltConsultation;
    topic: { consultationId: string; topicId: string };
    coordinator: BuiltUser;
    facilitator: BuiltUser;
    groupFacilitator: BuiltUser;
    member: BuiltUser;
    author: BuiltUser;
    admin: BuiltUser;
  };

  /** Users' created_at comes from the database clock; the gate compares it with the test clock, so set it explicitly. */
  const setAccountAge = async (userId: string, days: number) => {
    await t.services.db.update(users).set({ createdAt: new Date(t.clock.now().getTime() - days * DAY_MS) }).where(eq(users.id, userId));
  };

  const scene = async (options: { visibility?: "public" | "members"; spaceVisibility?: "public" | "private"; authorLocale?: string } = {}): Promise<Scene> => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"], visibility: options.spaceVisibility ?? "public" });
    const [coordinator, facilitator, groupFacilitator, member, author, admin] = await Promise.all([
      buildUser(t.services),
      buildUser(t.services),
      buildUser(t.services),
      buildUser(t.services),
      buildUser(t.services, { locale: options.authorLocale ?? "en" }),
      buildUser(t.services, { isPlatformAdmin: true }),
    ]);
    for (const user of [coordinator!, facilitator!, groupFacilitator!, member!, author!, admin!]) await setAccountAge(user.id, 60);
    await addSpaceRole(t.services, space.id, coordinator!.id, "coordinator");
    await addSpaceRole(t.services, space.id, facilitator!.id, "facilitator");
    await addSpaceRole(t.services, space.id, member!.id, "member");
    await addSpaceRole(t.services, space.id, author!.id, "member");
    const consultation = await buildConsultation(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      visibility: options.visibility ?? "public",
      groups: [{ topics: [{ questions: 1 }], facilitatorIds: [groupFacilitator!.id] }],
    });
    const topic = { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id };
    return { consultation, topic, coordinator: coordinator!, facilitator: facilitator!, groupFacilitator: groupFacilitator!, member: member!, author: author!, admin: admin! };
  };

  const browser = (user: BuiltUser, locale = "en") => new Browser(t.app, locale).logIn(user.email, user.password);
  const contributionUrl = (scene: Scene, number: number) => `/spaces/${scene.consultation.spaceSlug}/consultations/${scene.consultation.slug}/contributions/${number}`;
  const contributionRow = async (id: string) => (await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.id, id)))[0]!;
  const logOf = (spaceId: string) => t.services.db.select().from(moderationLog).where(eq(moderationLog.spaceId, spaceId)).orderBy(asc(moderationLog.id));
  const setSettings = (spaceId: string, values: Partial<typeof moderationSettings.$inferInsert>) =>
    t.services.db.insert(moderationSettings).values({ spaceId, ...values }).onConflictDoUpdate({ target: moderationSettings.spaceId, set: values });
  const attempt = (scene: Scene, userId: string, text = "A thoughtful answer about water policy.") => ({
    spaceId: scene.consultation.spaceId,
    userId,
    subjectType: CONTRIBUTION_SUBJECT,
    text,
    now: t.clock.now(),
  });

  test("a signed-in person reports a contribution once; a second report says so and does not count", async () => {
    const s = await scene();
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id, body: `${XSS} Cheap pills at spam.example` });
    const url = `${contributionUrl(s, post.number)}/report`;
    assert.equal((await new Browser(t.app).get(url)).statusCode, 401);

    const reporter = await browser(s.member);
    const form = await reporter.get(url);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('name="reason"'));
    assert.ok(!form.body.includes(XSS), "the quoted contribution is escaped");

    const invalid = await reporter.post(url, { reason: "boring", note: "keep me" });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.body.includes("keep me"), "the note is kept when the form fails");

    const sent = await reporter.post(url, { reason: "spam", note: "Advertising pills" });
    assert.equal(sent.statusCode, 303);
    const confirmation = await reporter.get(url);
    assert.ok(confirmation.body.includes("Your report went to the moderators"));
    assert.ok(confirmation.body.includes("You have reported this contribution"));
    assert.ok(!confirmation.body.includes('name="reason"'));

    const again = await reporter.post(url, { reason: "abuse", note: "" });
    assert.equal(again.statusCode, 303);
    assert.ok((await reporter.get(url)).body.includes("You had already reported this contribution"));

    const reports = await t.services.db.select().from(moderationReports).where(eq(moderationReports.subjectId, post.id));
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.reason, "spam");
    assert.equal(reports[0]!.note, "Advertising pills");
    assert.equal(reports[0]!.spaceId, s.consultation.spaceId);
    assert.equal((await contributionRow(post.id)).reportCount, 1);
    assert.equal((await contributionRow(post.id)).status, "published", "one report is below the default threshold of 3");
  });

  test("a contribution is hidden automatically at the space's threshold, with a reason in its author's language", async () => {
    const s = await scene({ authorLocale: "ru" });
    const coordinator = await browser(s.coordinator);
    const saved = await coordinator.post(`/spaces/${s.consultation.spaceSlug}/moderation/settings`, {
      autoHideThreshold: "2",
      premoderateFirstPosts: "0",
      postsPerHour: "30",
      newAccountPostsPerHour: "6",
      newAccountDays: "7",
      isScreeningEnabled: "on",
    });
    assert.equal(saved.statusCode, 303);
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id });
    const url = `${contributionUrl(s, post.number)}/report`;
    await (await browser(s.member)).post(url, { reason: "harassment", note: "" });
    assert.equal((await contributionRow(post.id)).status, "published");
    await (await browser(s.facilitator)).post(url, { reason: "abuse", note: "" });
    const row = await contributionRow(post.id);
    assert.equal(row.status, "hidden");
    assert.match(row.moderationReason, /пожаловались несколько человек/);
    assert.equal(row.reportCount, 2);

    const log = await logOf(s.consultation.spaceId);
    assert.deepEqual(log.map((entry) => entry.action), ["settings_changed", "auto_hidden"]);
    assert.match(log[0]!.reason, /autoHideThreshold: 3 → 2/);
    assert.equal(log[1]!.actorId, null);
    assert.equal(log[1]!.subjectId, post.id);

    // With the default settings (no row) two reports do not hide.
    const other = await scene();
    const otherPost = await buildContribution(t.services, other.topic, { authorId: other.author.id });
    for (const user of [other.member, other.facilitator]) await (await browser(user)).post(`${contributionUrl(other, otherPost.number)}/report`, { reason: "spam", note: "" });
    assert.equal((await contributionRow(otherPost.id)).status, "published");
    await (await browser(other.coordinator)).post(`${contributionUrl(other, otherPost.number)}/report`, { reason: "spam", note: "" });
    assert.equal((await contributionRow(otherPost.id)).status, "hidden");
  });

  test("a space's queue lists only that space's items, for its moderators; the platform queue is for admins", async () => {
    const a = await scene();
    const b = await scene();
    const heldA = await buildContribution(t.services, a.topic, { authorId: a.author.id, body: "Held in space A", status: "held" });
    await buildContribution(t.services, b.topic, { authorId: b.author.id, body: "Held in space B", status: "held" });
    const reportedA = await buildContribution(t.services, a.topic, { authorId: a.author.id, body: "Reported in space A" });
    await (await browser(a.member)).post(`${contributionUrl(a, reportedA.number)}/report`, { reason: "off_topic", note: "About football" });

    const queueA = await (await browser(a.coordinator)).get(`/spaces/${a.consultation.spaceSlug}/moderation`);
    assert.equal(queueA.statusCode, 200);
    assert.ok(queueA.body.includes("Held in space A"));
    assert.ok(queueA.body.includes("Reported in space A"));
    assert.ok(queueA.body.includes("Off topic (1)"));
    assert.ok(queueA.body.includes("About football"));
    assert.ok(!queueA.body.includes("Held in space B"));
    assert.ok(!queueA.body.includes(XSS), "author names and titles are escaped");
    assert.equal((await (await browser(a.facilitator)).get(`/spaces/${a.consultation.spaceSlug}/moderation`)).statusCode, 200);
    for (const user of [a.member, a.groupFacilitator, b.coordinator]) {
      assert.equal((await (await browser(user)).get(`/spaces/${a.consultation.spaceSlug}/moderation`)).statusCode, 403);
    }

    // A moderator of space B cannot act on space A's post by posting its id to B's queue.
    const crossed = await (await browser(b.coordinator)).post(`/spaces/${b.consultation.spaceSlug}/moderation/decide`, {
      subjectType: CONTRIBUTION_SUBJECT,
      subjectId: heldA.id,
      decision: "approve",
      reason: "",
    });
    assert.equal(crossed.statusCode, 404);
    assert.equal((await contributionRow(heldA.id)).status, "held");

    const platform = await (await browser(a.admin)).get("/admin/moderation");
    assert.equal(platform.statusCode, 200);
    assert.ok(platform.body.includes("Held in space A") && platform.body.includes("Held in space B"));
    assert.equal((await (await browser(a.coordinator)).get("/admin/moderation")).statusCode, 403);
    assert.equal((await new Browser(t.app).get("/admin/moderation")).statusCode, 401);
    const approved = await (await browser(a.admin)).post("/admin/moderation/decide", { subjectType: CONTRIBUTION_SUBJECT, subjectId: heldA.id, decision: "approve", reason: "" });
    assert.equal(approved.statusCode, 303);
    assert.equal((await contributionRow(heldA.id)).status, "published");
    assert.equal((await (await browser(a.coordinator)).post("/admin/moderation/decide", { subjectType: CONTRIBUTION_SUBJECT, subjectId: heldA.id, decision: "hide", reason: "x" })).statusCode, 403);
  });

  test("hiding needs a reason the author alone sees; restoring brings the post back; the author is mailed", async () => {
    const s = await scene();
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id, body: "My neighbour Ivan lives at 5 Lenin street" });
    await (await browser(s.member)).post(`${contributionUrl(s, post.number)}/report`, { reason: "personal_data", note: "" });
    const moderator = await browser(s.facilitator);
    const moderateUrl = `${contributionUrl(s, post.number)}/moderate`;
    const page = await moderator.get(moderateUrl);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("Reveals someone&#39;s personal data (1)") || page.body.includes("Reveals someone's personal data (1)"));

    const missing = await moderator.post(moderateUrl, { decision: "hide", reason: "  " });
    assert.equal(missing.statusCode, 422);
    assert.equal((await contributionRow(post.id)).status, "published");
    const wrong = await moderator.post(moderateUrl, { decision: "restore", reason: "" });
    assert.equal(wrong.statusCode, 409);
    assert.ok(wrong.body.includes("already visible to everyone"));

    const reason = "Names a private person and their address";
    assert.equal((await moderator.post(moderateUrl, { decision: "hide", reason })).statusCode, 303);
    const hidden = await contributionRow(post.id);
    assert.equal(hidden.status, "hidden");
    assert.equal(hidden.moderationReason, reason);
    assert.equal(hidden.reportCount, 0);
    const [report] = await t.services.db.select().from(moderationReports).where(eq(moderationReports.subjectId, post.id));
    assert.equal(report!.resolution, "upheld");
    assert.equal(report!.resolvedBy, s.facilitator.id);

    const asAuthor = await (await browser(s.author)).get(contributionUrl(s, post.number));
    assert.ok(asAuthor.body.includes(reason), "the author sees why");
    const asMember = await (await browser(s.member)).get(contributionUrl(s, post.number));
    assert.ok(!asMember.body.includes(reason) && !asMember.body.includes("Lenin street"), "others see neither the text nor the reason");

    assert.equal((await moderator.post(moderateUrl, { decision: "restore", reason: "The address was a public office" })).statusCode, 303);
    assert.equal((await contributionRow(post.id)).status, "published");
    assert.ok((await (await browser(s.member)).get(contributionUrl(s, post.number))).body.includes("Lenin street"));

    const log = await logOf(s.consultation.spaceId);
    assert.deepEqual(log.map((entry) => [entry.action, entry.actorId, entry.subjectUserId]), [
      ["hidden", s.facilitator.id, s.author.id],
      ["restored", s.facilitator.id, s.author.id],
    ]);
    const mails = await t.services.db.select().from(jobs).where(eq(jobs.kind, "mail.send"));
    const toAuthor = mails.map((job) => job.payload as { to: string; subject: string; text: string }).filter((mail) => mail.to === s.author.email);
    assert.deepEqual(toAuthor.map((mail) => mail.subject), ["A moderator hid your post", "Your post is visible again"]);
    assert.ok(toAuthor[0]!.text.includes(reason));
  });

  test("a blocked person cannot post in the space until unblocked; blocks are logged", async () => {
    const s = await scene();
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id });
    const moderator = await browser(s.coordinator);
    const blockUrl = `${contributionUrl(s, post.number)}/moderate/block`;
    assert.equal((await (await browser(s.member)).post(blockUrl, { reason: "x", days: "" })).statusCode, 403);
    assert.equal((await moderator.post(blockUrl, { reason: "", days: "" })).statusCode, 422);
    assert.equal((await moderator.post(blockUrl, { reason: "Repeated insults", days: "7" })).statusCode, 303);
    const [block] = await t.services.db.select().from(moderationBlocks).where(eq(moderationBlocks.userId, s.author.id));
    assert.equal(block!.expiresAt?.getTime(), t.clock.now().getTime() + 7 * DAY_MS);

    await assert.rejects(decidePosting(t.services.db, attempt(s, s.author.id)), { code: "forbidden", messageKey: "moderation.error.blocked" });
    const topicUrl = `/spaces/${s.consultation.spaceSlug}/consultations/${s.consultation.slug}/topics/${s.consultation.groups[0]!.topics[0]!.number}/contributions`;
    const refused = await (await browser(s.author)).post(topicUrl, { body: "Trying to post while blocked" });
    assert.equal(refused.statusCode, 403);
    assert.equal((await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.body, "Trying to post while blocked"))).length, 0);

    const queue = await moderator.get(`/spaces/${s.consultation.spaceSlug}/moderation`);
    assert.ok(queue.body.includes("Repeated insults"));
    assert.equal((await moderator.post(`/spaces/${s.consultation.spaceSlug}/moderation/blocks/${s.author.id}/unblock`, {})).statusCode, 303);
    assert.deepEqual(await decidePosting(t.services.db, attempt(s, s.author.id)), { status: "published", reason: "" });
    assert.deepEqual((await logOf(s.consultation.spaceId)).map((entry) => entry.action), ["blocked", "unblocked"]);

    // A block with an end date is over once the clock passes it.
    await t.services.db.insert(moderationBlocks).values({ spaceId: s.consultation.spaceId, userId: s.member.id, reason: "cool down", expiresAt: new Date(t.clock.now().getTime() + DAY_MS) });
    await assert.rejects(decidePosting(t.services.db, attempt(s, s.member.id)), { code: "forbidden" });
    t.clock.advance(DAY_MS);
    assert.equal((await decidePosting(t.services.db, attempt(s, s.member.id))).status, "published");
  });

  test("posting limits per rolling hour are stricter for new accounts and say when posting is possible again", async () => {
    const s = await scene();
    await setSettings(s.consultation.spaceId, { postsPerHour: 3, newAccountPostsPerHour: 2, newAccountDays: 7 });
    const newcomer = await buildUser(t.services);
    await setAccountAge(newcomer.id, 1);
    await buildContribution(t.services, s.topic, { authorId: newcomer.id });
    t.clock.advance(10 * 60_000);
    await buildContribution(t.services, s.topic, { authorId: newcomer.id });
    await assert.rejects(decidePosting(t.services.db, attempt(s, newcomer.id)), (error: { code: string; messageKey: string; values: Record<string, number> }) => {
      assert.equal(error.code, "rate_limited");
      assert.equal(error.messageKey, "moderation.error.rate_limited_new_account");
      assert.deepEqual(error.values, { minutes: 50, limit: 2 });
      return true;
    });
    t.clock.advance(50 * 60_000);
    assert.equal((await decidePosting(t.services.db, attempt(s, newcomer.id))).status, "published", "the first post left the rolling hour");

    // An established account gets the normal limit; a week later the newcomer does too.
    await buildContribution(t.services, s.topic, { authorId: s.author.id });
    await buildContribution(t.services, s.topic, { authorId: s.author.id });
    assert.equal((await decidePosting(t.services.db, attempt(s, s.author.id))).status, "published");
    await buildContribution(t.services, s.topic, { authorId: s.author.id });
    await assert.rejects(decidePosting(t.services.db, attempt(s, s.author.id)), { code: "rate_limited", messageKey: "moderation.error.rate_limited" });

    // Through the post form: a 429 with the message, and the text kept.
    const topicUrl = `/spaces/${s.consultation.spaceSlug}/consultations/${s.consultation.slug}/topics/${s.consultation.groups[0]!.topics[0]!.number}/contributions`;
    const limited = await (await browser(s.author)).post(topicUrl, { body: "One more thought on irrigation" });
    assert.equal(limited.statusCode, 429);
    assert.ok(limited.body.includes("You can post again in"));
    assert.ok(limited.body.includes("One more thought on irrigation"));
  });

  test("a person's first posts wait for review when the space pre-moderates; approval lets the next ones through", async () => {
    const s = await scene();
    await setSettings(s.consultation.spaceId, { premoderateFirstPosts: 1 });
    const first = await decidePosting(t.services.db, attempt(s, s.author.id));
    assert.equal(first.status, "held");
    assert.match(first.reason, /first post/);
    const held = await buildContribution(t.services, s.topic, { authorId: s.author.id, status: "held", body: "My first answer" });
    await linkHeldPost(t.services.db, { spaceId: s.consultation.spaceId, userId: s.author.id, subjectType: CONTRIBUTION_SUBJECT, subjectId: held.id });
    assert.equal((await decidePosting(t.services.db, attempt(s, s.author.id))).status, "held", "still held while nothing was approved");

    const moderator = await browser(s.facilitator);
    const queue = await moderator.get(`/spaces/${s.consultation.spaceSlug}/moderation`);
    assert.ok(queue.body.includes("My first answer"));
    assert.equal((await moderator.post(`/spaces/${s.consultation.spaceSlug}/moderation/decide`, { subjectType: CONTRIBUTION_SUBJECT, subjectId: held.id, decision: "approve", reason: "" })).statusCode, 303);
    assert.equal((await contributionRow(held.id)).status, "published");
    assert.deepEqual(await decidePosting(t.services.db, attempt(s, s.author.id)), { status: "published", reason: "" });

    const log = await logOf(s.consultation.spaceId);
    assert.deepEqual(log.map((entry) => [entry.action, entry.actorId === null, entry.reason]), [
      ["held", true, "first_posts"],
      ["held", true, "first_posts"],
      ["approved", false, ""],
    ]);
    assert.equal(log[0]!.subjectId, held.id, "linkHeldPost points the held entry at the post");
    assert.equal(log[1]!.subjectId, null);
  });

  test("screening holds abusive posts for review instead of rejecting them, and can be switched off", async () => {
    const s = await scene({ authorLocale: "ru" });
    const decision = await decidePosting(t.services.db, attempt(s, s.author.id, "Да вы все тут суки"));
    assert.equal(decision.status, "held");
    assert.match(decision.reason, /фильтр/);
    assert.deepEqual(await decidePosting(t.services.db, attempt(s, s.author.id, "Застрахуйте урожай от засухи")), { status: "published", reason: "" });

    // Through the post form: the post is stored, held, with the reason; the log names the matched word.
    const topicUrl = `/spaces/${s.consultation.spaceSlug}/consultations/${s.consultation.slug}/topics/${s.consultation.groups[0]!.topics[0]!.number}/contributions`;
    const posted = await (await browser(s.author, "ru")).post(topicUrl, { body: "What the fuck is this budget" });
    assert.equal(posted.statusCode, 303);
    const [row] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.body, "What the fuck is this budget"));
    assert.equal(row!.status, "held");
    assert.match(row!.moderationReason, /модератор/);
    const log = await logOf(s.consultation.spaceId);
    assert.ok(log.some((entry) => entry.action === "held" && entry.reason === "screening: fuck"));
    const logPage = await (await browser(s.coordinator)).get(`/spaces/${s.consultation.spaceSlug}/moderation/log`);
    assert.ok(logPage.body.includes("The word filter matched: fuck"));

    // A French post is screened as French: "retard" (late) and "assez" (enough) are not the English list's words,
    // whether its author names the language ("other") or leaves it to be guessed; read as English it would be held.
    const french = "Le rapport est en retard, mais nous avons assez de données.";
    assert.equal((await decidePosting(t.services.db, { ...attempt(s, s.author.id, french), language: "en" })).status, "held");
    for (const language of ["other", ""]) {
      const body = `${french} (${language || "guessed"})`;
      assert.equal((await (await browser(s.author, "fr")).post(topicUrl, { body, language })).statusCode, 303);
      const [frenchRow] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.body, body));
      assert.equal(frenchRow!.status, "published", body);
    }

    await setSettings(s.consultation.spaceId, { isScreeningEnabled: false });
    assert.equal((await decidePosting(t.services.db, attempt(s, s.author.id, "Да вы все тут суки"))).status, "published");
  });

  test("roles: who may open the moderate page, the settings and the log", async () => {
    const s = await scene();
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id });
    const moderate = `${contributionUrl(s, post.number)}/moderate`;
    const settings = `/spaces/${s.consultation.spaceSlug}/moderation/settings`;
    const log = `/spaces/${s.consultation.spaceSlug}/moderation/log`;
    const outsider = await buildUser(t.services);
    const expected: [BuiltUser, number, number, number][] = [
      [s.coordinator, 200, 200, 200],
      [s.facilitator, 200, 403, 200],
      [s.admin, 200, 200, 200],
      [s.groupFacilitator, 403, 403, 403],
      [s.member, 403, 403, 403],
      [s.author, 403, 403, 403],
      [outsider, 403, 403, 403],
    ];
    for (const [user, moderateStatus, settingsStatus, logStatus] of expected) {
      const client = await browser(user);
      assert.equal((await client.get(moderate)).statusCode, moderateStatus, `moderate page for ${user.email}`);
      assert.equal((await client.get(settings)).statusCode, settingsStatus, `settings for ${user.email}`);
      assert.equal((await client.get(log)).statusCode, logStatus, `log for ${user.email}`);
    }
    const invalid = await (await browser(s.coordinator)).post(settings, { autoHideThreshold: "0", premoderateFirstPosts: "2", postsPerHour: "30", newAccountPostsPerHour: "6", newAccountDays: "7" });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.body.includes('value="2"'), "the input is kept");
    assert.equal((await t.services.db.select().from(moderationSettings).where(eq(moderationSettings.spaceId, s.consultation.spaceId))).length, 0);
    assert.equal((await (await browser(s.facilitator)).post(settings, { autoHideThreshold: "1" })).statusCode, 403);
  });

  test("members-only consultations and private spaces stay invisible to outsiders on every moderation page", async () => {
    const s = await scene({ visibility: "members" });
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id, body: "Members-only answer" });
    const outsider = await browser(await buildUser(t.services));
    assert.equal((await outsider.get(`${contributionUrl(s, post.number)}/report`)).statusCode, 404);
    assert.equal((await outsider.post(`${contributionUrl(s, post.number)}/report`, { reason: "spam", note: "" })).statusCode, 404);
    assert.equal((await outsider.get(`${contributionUrl(s, post.number)}/moderate`)).statusCode, 404);
    assert.equal((await t.services.db.select().from(moderationReports).where(eq(moderationReports.subjectId, post.id))).length, 0);
    assert.equal((await (await browser(s.member)).get(`${contributionUrl(s, post.number)}/report`)).statusCode, 200);

    // A held post is not reportable (or visible) to anyone but its author and the moderators.
    const held = await buildContribution(t.services, s.topic, { authorId: s.author.id, status: "held" });
    assert.equal((await (await browser(s.member)).get(`${contributionUrl(s, held.number)}/report`)).statusCode, 404);

    const secret = await scene({ spaceVisibility: "private" });
    await buildContribution(t.services, secret.topic, { authorId: secret.author.id, status: "held", body: "Secret held answer" });
    assert.equal((await outsider.get(`/spaces/${secret.consultation.spaceSlug}/moderation`)).statusCode, 404);
    assert.equal((await outsider.get(`/spaces/${secret.consultation.spaceSlug}/moderation/log`)).statusCode, 404);
    const others = await (await browser(s.coordinator)).get(`/spaces/${s.consultation.spaceSlug}/moderation`);
    assert.ok(!others.body.includes("Secret held answer"));
  });

  test("dismissing reports keeps the post and closes them; they no longer count towards auto-hide", async () => {
    const s = await scene();
    await setSettings(s.consultation.spaceId, { autoHideThreshold: 2 });
    const post = await buildContribution(t.services, s.topic, { authorId: s.author.id });
    await (await browser(s.member)).post(`${contributionUrl(s, post.number)}/report`, { reason: "misinformation", note: "" });
    const moderator = await browser(s.coordinator);
    assert.equal((await moderator.post(`/spaces/${s.consultation.spaceSlug}/moderation/decide`, { subjectType: CONTRIBUTION_SUBJECT, subjectId: post.id, decision: "dismiss_reports", reason: "Sourced claim" })).statusCode, 303);
    const [report] = await t.services.db.select().from(moderationReports).where(and(eq(moderationReports.subjectId, post.id)));
    assert.equal(report!.resolution, "dismissed");
    await (await browser(s.facilitator)).post(`${contributionUrl(s, post.number)}/report`, { reason: "misinformation", note: "" });
    assert.equal((await contributionRow(post.id)).status, "published", "one open report is below the threshold of 2");
    // The member may report again once their first report was closed.
    await (await browser(s.member)).post(`${contributionUrl(s, post.number)}/report`, { reason: "misinformation", note: "" });
    assert.equal((await contributionRow(post.id)).status, "hidden");
  });
});
