import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { personalDataContributors } from "../../platform/auth/personal-data";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { reportSectionSource } from "../../platform/reports/sections";
import { findSeatPool, seatCounts } from "../../platform/seats/seats";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { addSpaceRole } from "../spaces/factories";
import { allQuestions } from "../surveys/definition";
import { certificatePath, completionCertificateCode } from "./certificate";
import { applyToCohort, decideApplication } from "./commands/apply";
import { completeParticipant, markProgress } from "./commands/record-progress";
import { buildProgramme, type BuiltProgramme } from "./factories";
import { cohortPath, findApplication, programmePath } from "./queries";
import { COHORT_SEAT_KIND } from "./schema";

describe("programmes: applications on shared seats, selection mail, progress, certificates, cohort spaces", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  const mailsTo = async (email: string) => {
    await t.services.jobs.drain();
    return (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(email));
  };
  /** An application through the command, answering the first option of every choice question. */
  const apply = async (built: BuiltProgramme, user: BuiltUser) => {
    const answers = Object.fromEntries(allQuestions(built.programme.form).map((question) => [question.key, [question.options[0]?.key ?? "an answer"]]));
    return applyToCohort(t.services, { id: user.id }, built.programme, built.cohort, { answers, organisationId: null, trackId: null, locale: "en" });
  };

  it("the application form of several parts opens with a contents list linking to each part", async () => {
    const built = await buildProgramme(t.services);
    const [first] = built.programme.form.sections;
    const form = { sections: [first!, { key: "s-goals", title: { en: "Your goals" }, description: {}, questions: [] }, { key: "s-team", title: {}, description: {}, questions: [] }] };
    await t.services.db.execute(sql`update programme_programmes set form = ${JSON.stringify(form)}::jsonb where id = ${built.programme.id}`);
    const user = await buildUser(t.services);
    const page = await (await new Browser(t.app).logIn(user.email, user.password)).get(cohortPath(built.space.slug, built.programme.slug, built.cohort.id));
    assert.equal(page.statusCode, 200);
    const contents = /<nav class="form-sections"[^>]*>([\s\S]*?)<\/nav>/.exec(page.body)?.[1] ?? "";
    assert.deepEqual([...contents.matchAll(/href="#([^"]+)">([^<]+)</g)].map((match) => [match[1], match[2]]).slice(1), [["section-s-goals", "Your goals"], ["section-s-team", "Part 3"]]);
    for (const key of ["s-goals", "s-team"]) assert.match(page.body, new RegExp(`<h3 id="section-${key}">`));
  });

  it("apply → accept → attend → complete → the certificate verifies, and a tampered code does not", async () => {
    const built = await buildProgramme(t.services);
    const path = cohortPath(built.space.slug, built.programme.slug, built.cohort.id);
    const organiserUser = await buildUser(t.services);
    await addSpaceRole(t.services, built.space.id, organiserUser.id, "facilitator");
    const applicantUser = await buildUser(t.services, { displayName: `${XSS} Applicant` });
    const applicant = await new Browser(t.app).logIn(applicantUser.email, applicantUser.password);
    const page = await applicant.get(path);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "texts are escaped");
    const programmeUrl = programmePath(built.space.slug, built.programme.slug);
    const before = await applicant.get(programmeUrl);
    assert.match(before.body, new RegExp(`<p class="programme-next"><a class="button" href="${path}#apply">Apply</a></p>`), "applying is the programme page's primary action");
    assert.ok(before.body.indexOf("programme-next") < before.body.indexOf('id="tracks"'), "under the title, before the tracks");
    const question = allQuestions(built.programme.form)[0]!;
    const missing = await applicant.post(`${path}/apply`, {});
    assert.equal(missing.statusCode, 422, "a required question left empty");
    assert.match(missing.body, /Question 1/);
    const applied = await applicant.post(`${path}/apply`, { [`answer.${question.key}`]: question.options[1]!.key });
    assert.equal(applied.statusCode, 303, applied.body.slice(0, 300));
    const [row] = await queryRows<{ id: string; status: string }>(t.services.db, sql`select id, status from programme_applications where user_id = ${applicantUser.id}`);
    assert.equal(row!.status, "pending");
    assert.doesNotMatch((await applicant.get(programmeUrl)).body, /programme-next/, "no apply button once applied");

    const organiser = await new Browser(t.app).logIn(organiserUser.email, organiserUser.password);
    const selection = await organiser.get(path);
    assert.match(selection.body, /No<\/li>|: No/, "the organisers read the applicant's answers");
    assert.equal((await organiser.post(`${path}/applications/${row!.id}/decide`, { decision: "accept" })).statusCode, 303);
    assert.equal((await findApplication(t.services.db, row!.id))!.status, "confirmed");
    const accepted = await mailsTo(applicantUser.email);
    assert.ok(accepted.some((mail) => /You are accepted/.test(mail.subject)));

    const early = await organiser.post(`${path}/applications/${row!.id}/complete`, {});
    assert.equal(early.statusCode, 303);
    assert.equal((await findApplication(t.services.db, row!.id))!.completedAt, null, "the rule (all sessions) is not met yet");
    for (const session of built.sessions) assert.equal((await organiser.post(`${path}/progress`, { application_id: row!.id, item_id: session.id, done: "true" })).statusCode, 303);
    assert.equal((await organiser.post(`${path}/applications/${row!.id}/complete`, {})).statusCode, 303);
    assert.ok((await findApplication(t.services.db, row!.id))!.completedAt);

    const account = await applicant.get("/account/programmes");
    assert.equal(account.statusCode, 200);
    assert.match(account.body, new RegExp(`/account/programmes/${row!.id}/certificate`));
    const printable = await applicant.get(`/account/programmes/${row!.id}/certificate`);
    assert.equal(printable.statusCode, 200);
    const code = await completionCertificateCode(t.services.db, row!.id);
    assert.ok(printable.body.includes(code));
    assert.equal((await organiser.get(`/account/programmes/${row!.id}/certificate`)).statusCode, 404, "only its holder prints it");
    const verified = await new Browser(t.app).get(certificatePath(code));
    assert.equal(verified.statusCode, 200);
    assert.match(verified.body, /Genuine/);
    assert.ok(!verified.body.includes(XSS));
    const tampered = `${code.slice(0, -2)}${code.endsWith("AA") ? "BB" : "AA"}`;
    const rejected = await new Browser(t.app).get(certificatePath(tampered));
    assert.equal(rejected.statusCode, 404);
    assert.match(rejected.body, /not one of our certificates/);
    assert.equal((await new Browser(t.app).get(certificatePath("not-a-certificate"))).statusCode, 404);
    assert.ok((await mailsTo(applicantUser.email)).some((mail) => mail.subject.startsWith("Completed") && mail.text.includes(certificatePath(code))));
  });

  it("50 concurrent accepts never give more than a cohort's 10 places: the rest go on the waitlist", async () => {
    const built = await buildProgramme(t.services, { capacity: 10, questions: [] });
    const applicants = await Promise.all(Array.from({ length: 50 }, () => buildUser(t.services)));
    const applications = [];
    for (const user of applicants) applications.push(await apply(built, user));
    await Promise.all(applications.map((application) => decideApplication(t.services, { id: built.organiserId }, application.id, "accept")));
    const counts = await queryRows<{ status: string; count: number }>(t.services.db, sql`select status, count(*)::int as count from programme_applications where cohort_id = ${built.cohort.id} group by status`);
    const byStatus = Object.fromEntries(counts.map((entry) => [entry.status, Number(entry.count)]));
    assert.deepEqual(byStatus, { confirmed: 10, waitlisted: 40 });
    const pool = (await findSeatPool(t.services.db, COHORT_SEAT_KIND, built.cohort.id))!;
    assert.equal((await seatCounts(t.services.db, pool.id)).confirmed, 10);
    // A participant declined: their seat is offered to the first person waiting (seats' queue), who is told.
    const confirmed = await queryRows<{ id: string }>(t.services.db, sql`select id from programme_applications where cohort_id = ${built.cohort.id} and status = 'confirmed' limit 1`);
    await decideApplication(t.services, { id: built.organiserId }, confirmed[0]!.id, "decline");
    const [offered] = await queryRows<{ user_id: string }>(t.services.db, sql`select user_id from programme_applications where cohort_id = ${built.cohort.id} and status = 'offered'`);
    assert.ok(offered, "the freed seat went to the waitlist");
    const person = applicants.find((user) => user.id === offered.user_id)!;
    assert.ok((await mailsTo(person.email)).some((mail) => /A place is free for you/.test(mail.subject)));
  });

  it("a Russian applicant who is declined gets the mail in Russian", async () => {
    const built = await buildProgramme(t.services, { questions: [] });
    const russian = await buildUser(t.services, { locale: "ru" });
    const application = await apply(built, russian);
    await decideApplication(t.services, { id: built.organiserId }, application.id, "decline");
    const mails = await mailsTo(russian.email);
    const declined = mails.find((mail) => mail.subject.startsWith("Ваша заявка"));
    assert.ok(declined, `got: ${mails.map((mail) => mail.subject).join(" | ")}`);
    assert.match(declined.text, /не смогли предложить вам место/);
    assert.equal((await findApplication(t.services.db, application.id))!.status, "declined");
  });

  it("the cohort's private space is made on the first acceptance, holds the participants, and is invisible to everyone else", async () => {
    const built = await buildProgramme(t.services, { questions: [] });
    const participant = await buildUser(t.services);
    const outsider = await buildUser(t.services);
    const application = await apply(built, participant);
    await decideApplication(t.services, { id: built.organiserId }, application.id, "accept");
    const [cohort] = await queryRows<{ space_id: string | null }>(t.services.db, sql`select space_id from programme_cohorts where id = ${built.cohort.id}`);
    assert.ok(cohort!.space_id);
    const [space] = await queryRows<{ slug: string; visibility: string; enabled_modules: string[] }>(t.services.db, sql`select slug, visibility, enabled_modules from spaces where id = ${cohort!.space_id}`);
    assert.equal(space!.visibility, "private");
    assert.ok(space!.enabled_modules.includes("consultations"), "discussions through consultations");
    const member = await new Browser(t.app).logIn(participant.email, participant.password);
    assert.equal((await member.get(`/spaces/${space!.slug}`)).statusCode, 200, "a participant sees the cohort's space");
    assert.equal((await member.get(`/spaces/${space!.slug}/members`)).statusCode === 404, false, "and its members directory");
    const others = [await new Browser(t.app).logIn(outsider.email, outsider.password), new Browser(t.app)];
    for (const other of others) {
      assert.equal((await other.get(`/spaces/${space!.slug}`)).statusCode, 404);
      assert.ok(!(await other.get("/spaces")).body.includes(space!.slug), "not listed");
      assert.ok(!(await other.get("/api/v1/spaces", { accept: "application/json" })).body.includes(space!.slug), "not in the API");
      assert.ok(!(await other.get("/sitemap.xml")).body.includes(space!.slug), "not in the sitemap");
      assert.ok(!(await other.get(`/search?q=${encodeURIComponent("First cohort")}`)).body.includes(space!.slug), "not found by search");
      assert.equal((await other.get(`/api/v1/spaces/${space!.slug}/programmes`, { accept: "application/json" })).statusCode, 404);
    }
    const programmeApi = await new Browser(t.app).get(`/api/v1/spaces/${built.space.slug}/programmes/${built.programme.id}`, { accept: "application/json" });
    assert.equal(programmeApi.statusCode, 200);
    assert.ok(!programmeApi.body.includes(space!.slug) && !programmeApi.body.includes(participant.id), "the API never names the cohort space or a participant");
    // Withdrawing takes the membership back.
    assert.equal((await member.post(`${cohortPath(built.space.slug, built.programme.slug, built.cohort.id)}/applications/${application.id}/withdraw`, {})).statusCode, 303);
    assert.equal((await member.get(`/spaces/${space!.slug}`)).statusCode, 404);
  });

  it("forms keep what was typed and name the field; drafts are 404 to others; bad ids are 404 not 500", async () => {
    const built = await buildProgramme(t.services);
    const coordinatorUser = await buildUser(t.services);
    await addSpaceRole(t.services, built.space.id, coordinatorUser.id, "coordinator");
    const coordinator = await new Browser(t.app).logIn(coordinatorUser.email, coordinatorUser.password);
    const missing = await coordinator.post(`/spaces/${built.space.slug}/programmes/new`, { "title.en": "", "description.en": "kept description" });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /kept description/);
    assert.match(missing.body, /Give a title/);
    assert.match(missing.body, /<a href="#field-title[^"]*">Title: Give a title/, "the error summary names the field");
    const created = await coordinator.post(`/spaces/${built.space.slug}/programmes/new`, { "title.en": "Draft programme", required_sessions: "0" });
    assert.equal(created.statusCode, 303);
    const draftPath = String(created.headers.location);
    assert.equal((await new Browser(t.app).get(draftPath)).statusCode, 404, "drafts are invisible");
    const badCohort = await coordinator.post(`${draftPath}/cohorts`, { "cohort_name.en": "Spring", starts_on: "2027-05-01", ends_on: "2027-04-01", capacity: "many" });
    assert.equal(badCohort.statusCode, 422);
    assert.match(badCohort.body, /cannot be before the first/);
    assert.match(badCohort.body, /whole number/);
    assert.match(badCohort.body, /value="Spring"/);
    assert.match(badCohort.body, /Places: [^<]*whole number/, "the error summary names the field");
    const noCohort = await coordinator.post(`${draftPath}/status`, { status: "open" });
    assert.equal(noCohort.statusCode, 409);
    assert.equal((await coordinator.get(`${programmePath(built.space.slug, built.programme.slug)}/cohorts/not-a-uuid`)).statusCode, 404);
    const api = await new Browser(t.app).get(`/api/v1/spaces/${built.space.slug}/programmes`, { accept: "application/json" });
    const listed = (JSON.parse(api.body) as { data: { slug: string }[] }).data.map((entry) => entry.slug);
    assert.deepEqual(listed, [built.programme.slug], "the draft is not in the API");
  });

  it("the report section counts applications, acceptances and completions in the period; the export holds the person's answers and progress", async () => {
    const built = await buildProgramme(t.services, { questions: [], requiredSessions: 1 });
    const [first, second] = [await buildUser(t.services), await buildUser(t.services)];
    const one = await apply(built, first);
    await apply(built, second);
    await decideApplication(t.services, { id: built.organiserId }, one.id, "accept");
    await markProgress(t.services, { id: built.organiserId }, built.programme, (await findApplication(t.services.db, one.id))!, built.sessions[0]!.id, true);
    await completeParticipant(t.services, { id: built.organiserId }, built.programme, one.id);
    const source = reportSectionSource("programmes")!;
    assert.ok(await source.isAvailable(t.services.db, built.space.id));
    const now = t.services.clock.now();
    const section = await source.load(t.services.db, { spaceId: built.space.id, spaceSlug: built.space.slug, from: new Date(now.getTime() - 86_400_000), until: new Date(now.getTime() + 86_400_000) }, { locale: "en", t: translator("en"), format: intlFormat("en") });
    const figures = section.blocks[0]!;
    assert.equal(figures.kind, "figures");
    const value = (label: string) => (figures.kind === "figures" ? figures.items.find((item) => item.label === label)?.value : undefined);
    assert.equal(value("Programmes"), 1);
    assert.equal(value("Applications"), 2);
    assert.equal(value("Accepted"), 1);
    assert.equal(value("Completed"), 1);
    const contributor = personalDataContributors().find((entry) => entry.section === "programmes")!;
    const exported = (await contributor.exportFor(t.services.db, first.id)) as { applications: { status: string; progress: unknown[] }[] };
    assert.equal(exported.applications.length, 1);
    assert.equal(exported.applications[0]!.progress.length, 1);
    await contributor.onAccountDeleted!(t.services.db, second.id);
    assert.equal((await queryRows(t.services.db, sql`select id from programme_applications where user_id = ${second.id}`)).length, 0);
  });
});
