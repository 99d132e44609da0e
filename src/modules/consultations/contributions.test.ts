import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, asc, eq, sql } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { createApiToken } from "../../platform/api/tokens";
import { moderationBlocks, moderationLog, moderationSettings } from "../../platform/moderation/schema";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { addMember, buildOrganisation } from "../organisations/factories";
import { addSpaceRole } from "../spaces/factories";
import { postContribution } from "./commands/post-contribution";
import { loadTopicForViewer } from "./queries";
import { buildBreakouts, buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { consultationContributionRevisions, consultationContributions, consultationReactions, consultationTags, consultationTopics, consultations } from "./schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";

describe("contributions", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const topicUrl = (consultation: BuiltConsultation, number = 1) => `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/${number}`;
  const contributionUrl = (consultation: BuiltConsultation, number: number) => `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/contributions/${number}`;
  const browserFor = async (user: BuiltUser) => new Browser(t.app).logIn(user.email, user.password);
  const rowsOf = (topicId: string) => t.services.db.select().from(consultationContributions).where(eq(consultationContributions.topicId, topicId)).orderBy(asc(consultationContributions.number));
  const numberFromLocation = (location: string | string[] | undefined) => Number(/\/contributions\/(\d+)|#c-(\d+)/.exec(String(location))!.slice(1).find(Boolean));

  test("a participant answers a question, replies nest, and replies past the depth bound attach to the deepest allowed parent", async () => {
    const consultation = await buildConsultation(t.services, { maxReplyDepth: 2 });
    const topic = consultation.groups[0]!.topics[0]!;
    const alice = await buildUser(t.services, { displayName: "Alice" });
    const bob = await buildUser(t.services, { displayName: "Bob" });
    const a = await browserFor(alice);
    const b = await browserFor(bob);

    const page = await a.get(`${topicUrl(consultation)}?question=2`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<option value="${topic.questionIds[1]}" selected>`), "the chosen question is preselected");

    const posted = await a.post(`${topicUrl(consultation)}/contributions`, { body: "Мы предлагаем **больше** охраняемых территорий.", question_id: topic.questionIds[1]!, language: "" });
    assert.equal(posted.statusCode, 303);
    const rootNumber = numberFromLocation(posted.headers.location);
    const reply1 = await b.post(`${contributionUrl(consultation, rootNumber)}/reply`, { body: "Agree, and fund rangers." });
    assert.equal(reply1.statusCode, 303);
    const reply2 = await a.post(`${contributionUrl(consultation, numberFromLocation(reply1.headers.location))}/reply`, { body: "Which budget line?" });
    const reply3 = await b.post(`${contributionUrl(consultation, numberFromLocation(reply2.headers.location))}/reply`, { body: "The environment fund." });
    assert.equal(reply3.statusCode, 303);

    const rows = await rowsOf(topic.id);
    assert.equal(rows.length, 4);
    const [root, first, second, third] = rows;
    assert.equal(root!.rootId, root!.id, "a top-level contribution is its own root");
    assert.equal(root!.depth, 0);
    assert.equal(root!.language, "ru", "language detected from the text");
    assert.equal(root!.questionId, topic.questionIds[1]);
    assert.deepEqual([first!.parentId, first!.depth, first!.rootId, first!.questionId], [root!.id, 1, root!.id, topic.questionIds[1]]);
    assert.deepEqual([second!.parentId, second!.depth], [first!.id, 2]);
    assert.deepEqual([third!.parentId, third!.depth, third!.rootId], [first!.id, 2, root!.id], "past the bound it becomes a sibling at the last level");

    const topicPage = await b.get(topicUrl(consultation));
    assert.match(topicPage.body, /<strong>больше<\/strong>/);
    assert.match(topicPage.body, /on question 2/);
    // nesting: the third reply's card sits inside the first reply's card
    const firstCard = topicPage.body.indexOf(`id="c-${first!.number}"`);
    assert.ok(firstCard > topicPage.body.indexOf(`id="c-${root!.number}"`));
    assert.ok(topicPage.body.indexOf(`id="c-${third!.number}"`) > firstCard);

    const flat = await buildConsultation(t.services, { maxReplyDepth: 0 });
    const flatRoot = await buildContribution(t.services, { consultationId: flat.id, topicId: flat.groups[0]!.topics[0]!.id });
    const refused = await b.post(`${contributionUrl(flat, flatRoot.number)}/reply`, { body: "A reply nobody may nest." });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Replies are switched off/);
    assert.match(refused.body, /A reply nobody may nest\./, "the text is kept");
  });

  test("the topic page opens with a thread summary and shows numbered posts, their permalinks and replies linked to their parent", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const where = { consultationId: consultation.id, topicId: topic.id };
    const alice = await buildUser(t.services, { displayName: "Alice Martin" });
    const bob = await buildUser(t.services, { displayName: "Bob" });
    const day = (n: number) => new Date(t.services.clock.now().getTime() - n * DAY_MS);
    const root = await buildContribution(t.services, where, { authorId: alice.id, body: "Protected areas need **rangers** before new maps.", createdAt: day(3) });
    const first = await buildContribution(t.services, where, { authorId: bob.id, parentId: root.id, body: "Agreed.", createdAt: day(2) });
    const second = await buildContribution(t.services, where, { authorId: bob.id, parentId: root.id, body: "And the budget for them.", createdAt: day(1) });
    await buildContribution(t.services, where, { body: "Held text.", status: "held" });

    const page = await (await browserFor(alice)).get(topicUrl(consultation));
    assert.equal(page.statusCode, 200);
    const summaryStart = page.body.indexOf('<div class="thread-summary">');
    assert.ok(summaryStart > 0 && summaryStart < page.body.indexOf('id="threads-title"'), "the summary comes before the threads");
    const summary = page.body.slice(summaryStart, page.body.indexOf("</p>", page.body.indexOf('class="thread-jumps"')));
    assert.match(summary, /Posts<\/dt><dd>3<\/dd>/, "the held post is not counted");
    assert.match(summary, /Participants<\/dt><dd>2<\/dd>/, "two people wrote the three published posts");
    assert.match(summary, /Last activity<\/dt><dd><time datetime="[^"]+"[^>]*>yesterday<\/time>/);
    assert.match(summary, /href="#contribute">Add your contribution<\/a>/, "the form is one jump away from the top");
    assert.match(summary, new RegExp(`href="#c-${second.number}">Jump to the latest post</a>`));

    const base = `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}`;
    assert.match(page.body, new RegExp(`<a class="post-number" href="${base}/contributions/${root.number}">#${root.number}</a>`), "the post number is its permalink");
    assert.match(page.body, /<span class="avatar avatar-\d" aria-hidden="true">AM<\/span>/, "an avatar of initials");
    assert.match(page.body, /<time datetime="[^"]+">[^<]+<\/time>\s*<time class="post-ago" datetime="[^"]+">3 days ago<\/time>/, "the exact and the relative time");
    assert.match(page.body, /Alice Martin<\/span> <span class="post-own">Your post<\/span>/, "the reader's own post is marked");
    assert.match(page.body, /Awaiting review/, "the held post says so");
    const firstCard = page.body.slice(page.body.indexOf(`id="c-${first.number}"`), page.body.indexOf(`id="c-${second.number}"`));
    assert.match(firstCard, new RegExp(`<a class="post-reply-to" href="#c-${root.number}">In reply to #${root.number}</a>`));
    assert.doesNotMatch(firstCard, /post-quote/, "the first reply sits right under its parent: no quote");
    const secondCard = page.body.slice(page.body.indexOf(`id="c-${second.number}"`));
    assert.match(secondCard, new RegExp(`href="#c-${root.number}">In reply to #${root.number}</a>`));
    assert.match(secondCard, /<blockquote class="post-quote"[^>]*><p>Protected areas need rangers before new maps\.<\/p><\/blockquote>/, "a later reply quotes its parent's first words");
  });

  test("a failed submission keeps the text and says why", async () => {
    const consultation = await buildConsultation(t.services);
    const user = await buildUser(t.services);
    const browser = await browserFor(user);
    const empty = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "   ", constituency: "youth" });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /This field is required/);
    assert.match(empty.body, /<option value="youth" selected>/, "choices are kept too");
    const long = "x".repeat(20_001);
    const tooLong = await browser.post(`${topicUrl(consultation)}/contributions`, { body: long });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /at most 20000 characters|at most 20,000 characters/);
    assert.ok(tooLong.body.includes(long), "the long text is kept");
    const badChoice = await browser.post(`${topicUrl(consultation)}/contributions`, { body: `${XSS} kept`, question_id: "not-a-uuid", constituency: "martians", language: "fr" });
    assert.equal(badChoice.statusCode, 422);
    assert.ok(badChoice.body.includes(`${ESCAPED_XSS} kept</textarea>`), "kept and escaped");
    assert.equal((await rowsOf(consultation.groups[0]!.topics[0]!.id)).length, 0);
  });

  test("who may post: anonymous, unverified, outsiders of members-only, blocked, closed and upcoming topics", async () => {
    const now = t.clock.now();
    const consultation = await buildConsultation(t.services, {
      groups: [{ topics: [{}, { closesAt: new Date(now.getTime() - DAY_MS) }, { opensAt: new Date(now.getTime() + DAY_MS) }] }],
    });
    const anonymous = new Browser(t.app);
    const page = await anonymous.get(topicUrl(consultation));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Log in to take part/);
    assert.doesNotMatch(page.body, /name="body"/);
    assert.equal((await anonymous.post(`${topicUrl(consultation)}/contributions`, { body: "hello" })).statusCode, 401);

    // an unverified account cannot even log in; the command refuses it too (the API path)
    const unverifiedUser = await buildUser(t.services, { isVerified: false });
    const unverifiedTopic = await loadTopicForViewer(t.services.db, consultation.spaceSlug, consultation.slug, "1", { id: unverifiedUser.id, isPlatformAdmin: false }, now);
    await assert.rejects(postContribution(t.services, unverifiedUser, unverifiedTopic, { body: "Unverified words" }), { code: "forbidden", messageKey: "consultation.contributions.refused.unverified" });

    const blockedUser = await buildUser(t.services);
    await t.services.db.insert(moderationBlocks).values({ spaceId: consultation.spaceId, userId: blockedUser.id, reason: "spam" });
    const blocked = await browserFor(blockedUser);
    const blockedPost = await blocked.post(`${topicUrl(consultation)}/contributions`, { body: "Blocked words" });
    assert.equal(blockedPost.statusCode, 403);
    assert.match(blockedPost.body, /blocked you from posting/);

    const participant = await browserFor(await buildUser(t.services));
    const closed = await participant.post(`${topicUrl(consultation, 2)}/contributions`, { body: "Too late, sadly" });
    assert.equal(closed.statusCode, 409);
    assert.match(closed.body, /closed for contributions/);
    assert.match(closed.body, /Too late, sadly/, "the text is kept");
    const upcoming = await participant.post(`${topicUrl(consultation, 3)}/contributions`, { body: "Too early" });
    assert.equal(upcoming.statusCode, 409);
    assert.match(upcoming.body, /not open for contributions yet/);
    const topicIds = consultation.groups[0]!.topics.map((topic) => topic.id);
    for (const topicId of topicIds) assert.equal((await rowsOf(topicId)).length, 0);

    const membersOnly = await buildConsultation(t.services, { visibility: "members" });
    const outsider = await browserFor(await buildUser(t.services));
    assert.equal((await outsider.get(topicUrl(membersOnly))).statusCode, 404);
    assert.equal((await outsider.post(`${topicUrl(membersOnly)}/contributions`, { body: "Let me in" })).statusCode, 404);
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, membersOnly.spaceId, member.id, "member");
    assert.equal((await (await browserFor(member)).post(`${topicUrl(membersOnly)}/contributions`, { body: "Member words" })).statusCode, 303);
  });

  test("edits within the window keep the history; after the window they are refused with the text kept", async () => {
    const consultation = await buildConsultation(t.services, { editWindowMinutes: 30 });
    const author = await buildUser(t.services);
    const other = await buildUser(t.services);
    const browser = await browserFor(author);
    const posted = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "First version" });
    const number = numberFromLocation(posted.headers.location);
    const url = contributionUrl(consultation, number);
    t.clock.advance(10 * 60_000);
    assert.equal((await browser.get(`${url}/edit`)).statusCode, 200);
    assert.equal((await (await browserFor(other)).post(`${url}/edit`, { body: "Not mine" })).statusCode, 403);
    const edited = await browser.post(`${url}/edit`, { body: "Second version" });
    assert.equal(edited.statusCode, 303);
    const [row] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, number));
    assert.equal(row!.body, "Second version");
    assert.ok(row!.editedAt);
    const revisions = await t.services.db.select().from(consultationContributionRevisions).where(eq(consultationContributionRevisions.contributionId, row!.id));
    assert.deepEqual(revisions.map((revision) => revision.body), ["First version"]);
    assert.equal(revisions[0]!.writtenAt.getTime(), row!.createdAt.getTime());

    const topicPage = await browser.get(topicUrl(consultation));
    assert.match(topicPage.body, new RegExp(`href="${url}/history">edited</a>`));
    const history = await new Browser(t.app).get(`${url}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Second version/);
    assert.match(history.body, /First version/);

    t.clock.advance(21 * 60_000);
    assert.equal((await browser.get(`${url}/edit`)).statusCode, 409);
    const late = await browser.post(`${url}/edit`, { body: "Third version" });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /time for editing this contribution has passed/);
    assert.match(late.body, /Third version/, "the text is kept");
    assert.doesNotMatch((await browser.get(topicUrl(consultation))).body, new RegExp(`href="${url}/edit"`), "no edit link after the window");
  });

  test("the moderation gate: over the rate limit the text is kept; held posts and edits wait for a moderator", async () => {
    const consultation = await buildConsultation(t.services, { editWindowMinutes: 30 });
    await t.services.db.insert(moderationSettings).values({ spaceId: consultation.spaceId, postsPerHour: 2, newAccountPostsPerHour: 2, premoderateFirstPosts: 1 });
    const user = await buildUser(t.services);
    const browser = await browserFor(user);
    const first = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "My first words here" });
    assert.equal(first.statusCode, 303);
    const firstPage = await browser.get(String(first.headers.location));
    assert.match(firstPage.body, /waiting for a moderator&#39;s review|waiting for a moderator's review/);
    assert.match(firstPage.body, /Only you and the moderators can see this/);
    const [held] = await rowsOf(consultation.groups[0]!.topics[0]!.id);
    assert.equal(held!.status, "held");
    assert.ok(held!.moderationReason.length > 0, "the author is told why");
    const log = await t.services.db.select().from(moderationLog).where(eq(moderationLog.subjectId, held!.id));
    assert.equal(log.length, 1, "the gate's log entry points at the post");

    // an edit never lets a held post out by itself
    assert.equal((await browser.post(`${contributionUrl(consultation, held!.number)}/edit`, { body: "My first words, corrected" })).statusCode, 303);
    const [stillHeld] = await rowsOf(consultation.groups[0]!.topics[0]!.id);
    assert.equal(stillHeld!.status, "held");

    const second = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "Second, published" });
    assert.equal(second.statusCode, 303);
    const secondNumber = numberFromLocation(second.headers.location);
    const limited = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "One too many, but keep me" });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /One too many, but keep me<\/textarea>/);

    // an edit bringing abusive words into a published post sends it back for review
    t.clock.advance(60 * 60_000 + 1);
    await t.services.db.update(consultations).set({ editWindowMinutes: 600 }).where(eq(consultations.id, consultation.id));
    assert.equal((await browser.post(`${contributionUrl(consultation, secondNumber)}/edit`, { body: "Second, what the fuck" })).statusCode, 303);
    const [edited] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, secondNumber));
    assert.equal(edited!.status, "held");
  });

  test("deleting keeps the thread's place with a placeholder; replies stay", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const author = await buildUser(t.services);
    const root = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { authorId: author.id, body: "Words to withdraw" });
    await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { parentId: root.id, body: "A reply that stays" });
    const browser = await browserFor(author);
    assert.equal((await (await browserFor(await buildUser(t.services))).post(`${contributionUrl(consultation, root.number)}/delete`, {})).statusCode, 403);
    assert.equal((await browser.post(`${contributionUrl(consultation, root.number)}/delete`, {})).statusCode, 303);
    const page = await new Browser(t.app).get(topicUrl(consultation));
    assert.match(page.body, /deleted by its author/);
    assert.doesNotMatch(page.body, /Words to withdraw/);
    assert.match(page.body, /A reply that stays/);
    assert.doesNotMatch((await new Browser(t.app).get(`${contributionUrl(consultation, root.number)}/history`)).body, /Words to withdraw/);
  });

  test("held and hidden contributions: placeholders for others, text and reason for the author", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const author = await buildUser(t.services);
    const held = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { authorId: author.id, body: "Held words", status: "held" });
    const hidden = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { authorId: author.id, body: "Hidden words", status: "hidden" });
    await t.services.db.update(consultationContributions).set({ moderationReason: "Personal attack" }).where(eq(consultationContributions.id, hidden.id));
    const stranger = await new Browser(t.app).get(topicUrl(consultation));
    assert.match(stranger.body, /waiting for a moderator/);
    assert.match(stranger.body, /hidden by a moderator/);
    assert.doesNotMatch(stranger.body, /Held words|Hidden words|Personal attack/);
    const own = await (await browserFor(author)).get(topicUrl(consultation));
    assert.match(own.body, /Held words/);
    assert.match(own.body, /Hidden words/);
    assert.match(own.body, /Reason: Personal attack/);
    void held;
  });

  test("on behalf of an organisation: shown with its actor type, refused for non-members", async () => {
    const consultation = await buildConsultation(t.services);
    const member = await buildUser(t.services);
    const organisation = await buildOrganisation(t.services, { name: { en: "Steppe Watch" }, actorType: "ngo" });
    await addMember(t.services, organisation.id, member.id);
    const foreign = await buildOrganisation(t.services, { name: { en: "Not Mine Ltd" }, actorType: "business" });
    const browser = await browserFor(member);
    const form = await browser.get(topicUrl(consultation));
    assert.match(form.body, new RegExp(`<option value="${organisation.id}">Steppe Watch</option>`));
    assert.doesNotMatch(form.body, /Not Mine Ltd/);
    const refused = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "For them", organisation_id: foreign.id });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /only post on behalf of an organisation you are a member of/);
    const posted = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "For us", organisation_id: organisation.id, constituency: "women", language: "en" });
    assert.equal(posted.statusCode, 303);
    const [row] = await rowsOf(consultation.groups[0]!.topics[0]!.id);
    assert.deepEqual([row!.organisationId, row!.constituency, row!.language], [organisation.id, "women", "en"]);
    const page = await new Browser(t.app).get(topicUrl(consultation));
    assert.match(page.body, /Steppe Watch/);
    assert.match(page.body, /Non-governmental organisation \(NGO\)/);
    assert.doesNotMatch(page.body, /contribution-meta[^]*Women[^]*<\/p>/, "constituency is never shown on the card");
  });

  test("reactions toggle, count per kind, show the viewer's own, and are not for one's own contribution", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const author = await buildUser(t.services);
    const reader = await buildUser(t.services);
    const contribution = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { authorId: author.id });
    const browser = await browserFor(reader);
    const url = `${contributionUrl(consultation, contribution.number)}/react`;
    const agreed = await browser.post(url, { kind: "agree", return_to: topicUrl(consultation) });
    assert.equal(agreed.statusCode, 303);
    assert.equal(agreed.headers.location, `${topicUrl(consultation)}#c-${contribution.number}`);
    await browser.post(url, { kind: "useful", return_to: "https://evil.example.org/" });
    const page = await browser.get(topicUrl(consultation));
    assert.match(page.body, /aria-pressed="true">Agree \(1\)/);
    assert.match(page.body, /aria-pressed="true">Useful \(1\)/);
    await browser.post(url, { kind: "agree" });
    const reactions = await t.services.db.select().from(consultationReactions).where(eq(consultationReactions.contributionId, contribution.id));
    assert.deepEqual(reactions.map((reaction) => reaction.kind), ["useful"]);
    assert.equal((await (await browserFor(author)).post(url, { kind: "agree" })).statusCode, 409);
    assert.equal((await browser.post(url, { kind: "love" })).statusCode, 422);
    assert.equal((await new Browser(t.app).post(url, { kind: "agree" })).statusCode, 401);
  });

  test("breakouts: participants see their own breakout while the session runs; facilitators see all, named", async () => {
    const facilitator = await buildUser(t.services);
    const consultation = await buildConsultation(t.services, { groups: [{ kind: "session", facilitatorIds: [facilitator.id], topics: [{}] }] });
    const group = consultation.groups[0]!;
    const topic = group.topics[0]!;
    const [alice, bob, unseated] = [await buildUser(t.services), await buildUser(t.services), await buildUser(t.services)];
    const [first, second] = await buildBreakouts(t.services, group.id, [[alice.id], [bob.id]]);
    const aliceBrowser = await browserFor(alice);
    const posted = await aliceBrowser.post(`${topicUrl(consultation)}/contributions`, { body: "Alice in the first breakout" });
    assert.equal(posted.statusCode, 303);
    const bobBrowser = await browserFor(bob);
    await bobBrowser.post(`${topicUrl(consultation)}/contributions`, { body: "Bob in the second breakout" });
    const rows = await rowsOf(topic.id);
    assert.deepEqual(rows.map((row) => row.breakoutId), [first, second]);

    const aliceView = await aliceBrowser.get(topicUrl(consultation));
    assert.match(aliceView.body, /Alice in the first breakout/);
    assert.doesNotMatch(aliceView.body, /Bob in the second breakout/);
    assert.equal((await aliceBrowser.get(contributionUrl(consultation, rows[1]!.number))).statusCode, 404, "another breakout's permalink is a 404");
    const crossReply = await aliceBrowser.post(`${contributionUrl(consultation, rows[1]!.number)}/reply`, { body: "Across" });
    assert.equal(crossReply.statusCode, 404);
    const unseatedView = await (await browserFor(unseated)).get(topicUrl(consultation));
    assert.doesNotMatch(unseatedView.body, /first breakout|second breakout/);
    assert.match(unseatedView.body, /not been placed in one yet/);

    const facilitatorBrowser = await browserFor(facilitator);
    const prompt = await facilitatorBrowser.post(`${topicUrl(consultation)}/contributions`, { body: "Facilitator prompt for everyone" });
    const promptNumber = numberFromLocation(prompt.headers.location);
    const answer = await aliceBrowser.post(`${contributionUrl(consultation, promptNumber)}/reply`, { body: "Alice answers the prompt" });
    assert.equal(answer.statusCode, 303);
    const [promptRow, answerRow] = (await rowsOf(topic.id)).slice(2);
    assert.deepEqual([promptRow!.breakoutId, answerRow!.breakoutId, answerRow!.parentId], [null, first, promptRow!.id], "the reply stays in Alice's breakout");
    const bobView = await bobBrowser.get(topicUrl(consultation));
    assert.match(bobView.body, /Facilitator prompt for everyone/);
    assert.doesNotMatch(bobView.body, /Alice answers the prompt|Alice in the first breakout/);

    const facilitatorView = await facilitatorBrowser.get(topicUrl(consultation));
    assert.match(facilitatorView.body, /Alice in the first breakout/);
    assert.match(facilitatorView.body, /Bob in the second breakout/);
    assert.match(facilitatorView.body, /in Breakout 1/);
    assert.match(facilitatorView.body, /in Breakout 2/);
  });

  test("escaping: markup in bodies and names is shown as text", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { body: `${XSS} <img src=x onerror=alert(1)> [x](javascript:alert(1))` });
    const page = await new Browser(t.app).get(topicUrl(consultation));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS));
    assert.ok(!page.body.includes("<img src=x"));
    assert.ok(!page.body.includes('href="javascript:'));
    assert.ok(page.body.includes(ESCAPED_XSS));
    const russian = await new Browser(t.app, "ru").get(topicUrl(consultation));
    assert.match(russian.body, /Мнения участников/);
    assert.match(russian.body, /Поддерживаю \(0\)/);
  });

  test("the topic page runs a constant number of queries for 20 or 2,000 contributions, and paginates", async () => {
    const viewer = await buildUser(t.services);
    const browser = await browserFor(viewer);
    const small = await buildConsultation(t.services);
    const large = await buildConsultation(t.services);
    const author = await buildUser(t.services);
    /** threads × (1 root + replies) contributions, written set-based with their HTML (as posting stores it): roots, then replies at depth 1. */
    const fill = async (built: BuiltConsultation, threads: number, repliesPerThread: number) => {
      const topicId = built.groups[0]!.topics[0]!.id;
      await t.services.db.execute(sql`
        insert into consultation_contributions (id, consultation_id, topic_id, root_id, depth, author_id, body, body_html, created_at)
        select g.id, ${built.id}::uuid, ${topicId}::uuid, g.id, 0, ${author.id}::uuid, 'Root ' || g.n, '<p>Root ' || g.n || '</p>', now()
          from (select gen_random_uuid() as id, n from generate_series(1, ${threads}) n) g`);
      await t.services.db.execute(sql`
        insert into consultation_contributions (consultation_id, topic_id, parent_id, root_id, depth, author_id, body, body_html, created_at)
        select r.consultation_id, r.topic_id, r.id, r.id, 1, ${author.id}::uuid, 'Reply ' || n, '<p>Reply ' || n || '</p>', now()
          from consultation_contributions r, generate_series(1, ${repliesPerThread}) n where r.topic_id = ${topicId}::uuid and r.parent_id is null`);
      const [someRoot] = await t.services.db.select().from(consultationContributions).where(and(eq(consultationContributions.topicId, topicId), eq(consultationContributions.depth, 0))).orderBy(asc(consultationContributions.number)).limit(1);
      await t.services.db.insert(consultationReactions).values({ contributionId: someRoot!.id, userId: viewer.id, kind: "agree" });
      await t.services.db.insert(consultationTags).values({ contributionId: someRoot!.id, tag: "recommendation" });
    };
    await fill(small, 4, 4); // 20 contributions
    await fill(large, 100, 19); // 2,000 contributions
    const count = async (url: string) => {
      const start = t.database.queryCount();
      const response = await browser.get(url);
      assert.equal(response.statusCode, 200);
      return { queries: t.database.queryCount() - start, body: response.body };
    };
    // Warm-up: lookups kept in the process (the space, frameworks) are read once per key, then reused.
    await count(topicUrl(small));
    await count(topicUrl(large));
    const smallPage = await count(topicUrl(small));
    const largePage = await count(topicUrl(large));
    assert.equal(largePage.queries, smallPage.queries, `${largePage.queries} queries for 2,000 vs ${smallPage.queries} for 20`);
    // the session, the viewer's account/block/facilitation, the page of threads (roots and replies together),
    // the viewer's organisations, whether they follow and the thread summary (one aggregate on the topic's
    // rows): the consultation and topic are kept in the process
    assert.ok(smallPage.queries <= 6, `${smallPage.queries} queries for a signed-in topic page`);
    assert.equal((smallPage.body.match(/class="contribution /g) ?? []).length, 20);
    assert.equal((largePage.body.match(/class="contribution contribution-published depth-0"/g) ?? []).length, 20, "20 threads per page");
    assert.equal((largePage.body.match(/class="contribution /g) ?? []).length, 400);
    assert.match(largePage.body, /Recommendation/);
    assert.match(largePage.body, /aria-pressed="true">Agree \(1\)/);
    assert.doesNotMatch(smallPage.body, /rel="next"/);
    const next = /rel="next" href="([^"]+)"/.exec(largePage.body)![1]!.replace(/&amp;/g, "&");
    const secondPage = await count(next);
    assert.equal(secondPage.queries, smallPage.queries);
    assert.match(secondPage.body, /Root 21</);
    assert.doesNotMatch(secondPage.body, /Root 20</);
    const lastRoots = await browser.get(`${topicUrl(large)}?after=999999999`);
    assert.match(lastRoots.body, /No contributions yet/);
  });

  test("a post through the API asks the database a bounded number of questions, and a structure edit is seen at once", async () => {
    const consultation = await buildConsultation(t.services);
    const author = await buildUser(t.services);
    const follower = await buildUser(t.services);
    const secret = (await createApiToken(t.services.db, { userId: author.id, name: "test", scopes: ["contributions:write"] })).secret;
    assert.equal((await (await browserFor(follower)).post(`${topicUrl(consultation)}/follow`, { follow: "1" })).statusCode, 303);
    const url = `/api/v1/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/1/contributions`;
    const post = (body: string) => t.app.inject({ method: "POST", url, payload: { body }, headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await post("A first post warms the lookups kept in the process.")).statusCode, 201);
    const start = t.database.queryCount();
    assert.equal((await post("A second post about rangers.")).statusCode, 201);
    const queries = t.database.queryCount() - start;
    // the space, its roles, the consultation, topic and questions and the moderation settings come from the
    // process's lookups; the viewer, the gate and the followers are one statement each, and the hourly posting
    // limit is one statement over every kind of moderated post (contributions, unconference proposals, stories)
    assert.ok(queries <= 10, `${queries} statements for one post`);
    const [notification] = await t.services.db.execute(sql`select count(*)::int as n from consultation_notifications where user_id = ${follower.id}`).then((result) => (result as unknown as { rows: { n: number }[] }).rows);
    assert.equal(notification!.n, 2, "the follower heard of both posts");

    // the kept topic is dropped by the edit: the next page shows the new title
    const topicId = consultation.groups[0]!.topics[0]!.id;
    assert.equal((await t.app.inject({ url: topicUrl(consultation) })).statusCode, 200);
    await t.services.db.update(consultationTopics).set({ title: { en: "Renamed topic", ru: "Переименованная тема" } }).where(eq(consultationTopics.id, topicId));
    assert.match((await t.app.inject({ url: topicUrl(consultation) })).body, /<h1>(<span[^>]*>)?Renamed topic/);
  });

  test("after posting, the author lands on the topic page where their post is shown in its thread, with the message", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id };
    const author = await buildUser(t.services);
    const browser = await browserFor(author);
    // 45 threads: pages of 20 hold roots 1–20, 21–40 and 41–45 (in posting order)
    const roots: number[] = [];
    for (let index = 0; index < 45; index++) roots.push((await buildContribution(t.services, topic, { body: `Thread ${index + 1}` })).number);

    const posted = await browser.post(`${topicUrl(consultation)}/contributions`, { body: "My new thread" });
    assert.equal(posted.statusCode, 303);
    const [newest] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.topicId, topic.topicId)).orderBy(sql`${consultationContributions.number} desc`).limit(1);
    assert.equal(posted.headers.location, `${topicUrl(consultation)}?after=${roots[39]}#c-${newest!.number}`, "the last page of threads, at the card");
    const landed = await browser.get(String(posted.headers.location).replace(/#.*$/, ""));
    assert.match(landed.body, new RegExp(`id="c-${newest!.number}"`), "the page shows the new post");
    assert.match(landed.body, /Your contribution was posted\./);

    const early = await browser.post(`${contributionUrl(consultation, roots[4]!)}/reply`, { body: "A reply early on" });
    const earlyReply = numberFromLocation(early.headers.location);
    assert.equal(early.headers.location, `${topicUrl(consultation)}#c-${earlyReply}`, "a reply to a first-page thread: the first page");
    const middle = await browser.post(`${contributionUrl(consultation, roots[24]!)}/reply`, { body: "A reply in the middle" });
    const middleReply = numberFromLocation(middle.headers.location);
    assert.equal(middle.headers.location, `${topicUrl(consultation)}?after=${roots[19]}#c-${middleReply}`, "a reply lands on its thread's page");
    assert.match((await browser.get(`${topicUrl(consultation)}?after=${roots[19]}`)).body, new RegExp(`id="c-${middleReply}"`));
  });
});
