import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { consultationContributions, consultations } from "../../src/modules/consultations/schema";
import { assertEveryPageChecked, assertPageAccessible, launchChromium, logInThroughForm, skipReason, startConvene, trackVisitedPages, type RunningConvene } from "./support";

const SPACE = "nature-action-agenda";
const OUTLINE = `Discussion group 1: Wetlands and the people who live by them

Topic 1: Keeping wetlands wet
1. Which local rules protect wetlands where you work?
2. Who should pay for restoring a drained marsh?

Topic 2: Counting birds together
1. How could volunteers report bird counts to the secretariat?
`;

type VisitedPages = ReturnType<typeof trackVisitedPages>;

/**
 * The same person's pages, with JavaScript off: this whole journey must work on plain HTML forms. The pages
 * the person visits after logging in are noted, so the journey can prove each was audited.
 */
async function personPage(browser: Browser, account: { email: string; password: string }, baseUrl: string): Promise<{ context: BrowserContext; page: Page; visited: VisitedPages }> {
  const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: "en-GB" });
  // bounded waits, so a missing element fails the step instead of hanging the suite
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await logInThroughForm(page, baseUrl, account);
  return { context, page, visited: trackVisitedPages(context, baseUrl) };
}

describe("a consultation from the secretariat's outline to an exported report, JavaScript off", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let coordinator: Page;
  let member: Page;
  let facilitator: Page;
  let visited: VisitedPages[] = [];
  let base = "";

  const contributionNumber = async (body: string): Promise<number> => {
    const [row] = await convene.app.services.db.select({ number: consultationContributions.number }).from(consultationContributions).where(eq(consultationContributions.body, body));
    assert.ok(row, `no contribution "${body}"`);
    return row.number;
  };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const people = await Promise.all([DEMO_ACCOUNTS.admin, DEMO_ACCOUNTS.member, DEMO_ACCOUNTS.facilitator].map((account) => personPage(browser, account, convene.baseUrl)));
    [coordinator, member, facilitator] = people.map((person) => person.page);
    visited = people.map((person) => person.visited);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("lets the coordinator paste an outline, check the preview, create and publish the consultation", async () => {
    await coordinator.goto(`${convene.baseUrl}/spaces/${SPACE}/consultations/new?lang=en`);
    await assertPageAccessible(browser, coordinator, "outline import");
    await coordinator.locator("textarea[name=outline]").fill(OUTLINE);
    await coordinator.locator("button[name=step][value=preview]").click();
    await coordinator.getByText("Keeping wetlands wet").first().waitFor();
    await coordinator.getByText("Who should pay for restoring a drained marsh?").first().waitFor();
    await assertPageAccessible(browser, coordinator, "outline preview");
    await coordinator.locator("[name='title.en']").fill("Wetlands dialogue");
    await coordinator.locator("input[name=slug]").fill("wetlands-dialogue");
    await coordinator.locator("button[name=step][value=create]").click();
    await coordinator.waitForURL(/\/consultations\/wetlands-dialogue$/);
    await coordinator.getByRole("button", { name: "Publish" }).click();
    await coordinator.getByText("The consultation is published.").waitFor();
    await assertPageAccessible(browser, coordinator, "consultation page");
    const [row] = await convene.app.services.db.select().from(consultations).where(eq(consultations.slug, "wetlands-dialogue"));
    assert.equal(row?.status, "published");
    base = `${convene.baseUrl}/spaces/${SPACE}/consultations/wetlands-dialogue`;

    // one report is enough to hide a post in this space
    await coordinator.goto(`${convene.baseUrl}/spaces/${SPACE}/moderation/settings`);
    await assertPageAccessible(browser, coordinator, "moderation settings");
    await coordinator.locator("input[name=autoHideThreshold]").fill("1");
    await coordinator.locator("main form button[type=submit]").last().click();
    await coordinator.waitForLoadState();
  });

  it("lets participants answer a guiding question and reply in a thread", async () => {
    await coordinator.goto(`${base}/topics/1`);
    await coordinator.locator("textarea[name=body]").fill("Off-topic advert: buy cheap peat here.");
    await coordinator.locator("textarea[name=body]").locator("xpath=ancestor::form").locator("button[type=submit]").click();
    await coordinator.getByText("buy cheap peat").first().waitFor();

    await member.goto(`${base}/topics/1?lang=en`);
    // The coordinator's post carries reaction buttons for the member: the contrast check must see them.
    assert.ok((await member.locator("button.reaction").count()) > 0, "a signed-in participant sees reaction buttons");
    await assertPageAccessible(browser, member, "topic page with reaction buttons");
    await member.locator("select[name=question_id]").selectOption({ index: 1 });
    await member.locator("textarea[name=body]").fill("Our district bans drainage within **500 metres** of the lake shore.");
    await member.locator("textarea[name=body]").locator("xpath=ancestor::form").locator("button[type=submit]").click();
    await member.locator("strong", { hasText: "500 metres" }).first().waitFor();

    const answer = await contributionNumber("Our district bans drainage within **500 metres** of the lake shore.");
    await facilitator.goto(`${base}/contributions/${answer}?lang=en`);
    await assertPageAccessible(browser, facilitator, "contribution page");
    await facilitator.locator("textarea[name=body]").fill("Does the ban cover peat extraction as well?");
    await facilitator.getByRole("button", { name: "Post reply" }).click();
    await facilitator.getByText("Does the ban cover peat extraction as well?").first().waitFor();
    const [reply] = await convene.app.services.db
      .select()
      .from(consultationContributions)
      .where(and(eq(consultationContributions.body, "Does the ban cover peat extraction as well?"), eq(consultationContributions.depth, 1)));
    assert.ok(reply, "the reply sits one level under the answer");
  });

  it("hides a post once it is reported, and shows its author why", async () => {
    const advert = await contributionNumber("Off-topic advert: buy cheap peat here.");
    await member.goto(`${base}/contributions/${advert}/report`);
    await assertPageAccessible(browser, member, "report form");
    await member.locator("select[name=reason]").selectOption("spam");
    await member.locator("textarea[name=note]").fill("An advert, not an answer.");
    await member.getByRole("button", { name: "Send the report" }).click();
    await member.waitForLoadState();
    const [row] = await convene.app.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, advert));
    assert.equal(row?.status, "hidden");
    await member.goto(`${base}/topics/1`);
    assert.equal(await member.getByText("buy cheap peat").count(), 0, "other people no longer see the hidden text");
    await assertPageAccessible(browser, member, "topic page without the hidden post");
  });

  it("lets the facilitator tag an answer, write the synthesis and export the report", async () => {
    const answer = await contributionNumber("Our district bans drainage within **500 metres** of the lake shore.");
    await facilitator.goto(`${base}/contributions/${answer}/tag`);
    await assertPageAccessible(browser, facilitator, "tagging form");
    await facilitator.locator("input[name='tag.good_practice']").check();
    await facilitator.locator("select[name=practice_kind]").selectOption("legislation");
    await facilitator.locator("input[name='tag.recommendation']").check();
    await facilitator.getByRole("button", { name: "Save tags" }).click();
    await facilitator.getByText("The tags are saved.").waitFor();

    await facilitator.goto(`${base}/topics/1/synthesis`);
    await assertPageAccessible(browser, facilitator, "synthesis form");
    await facilitator.locator("textarea[name=body]").fill("Districts already restrict drainage near lakes; participants asked whether peat extraction is covered.");
    await facilitator.getByRole("button", { name: "Save the synthesis" }).click();
    await facilitator.getByText("The synthesis is saved.").waitFor();

    await facilitator.goto(`${base}/report`);
    await assertPageAccessible(browser, facilitator, "consultation report");
    await facilitator.getByText("Districts already restrict drainage near lakes").first().waitFor();
    await facilitator.getByText("500 metres").first().waitFor();
    assert.equal(await facilitator.getByText("buy cheap peat").count(), 0, "hidden posts stay out of the report");

    const markdown = await facilitator.request.get(`${base}/report.md`);
    assert.equal(markdown.status(), 200);
    assert.match(markdown.headers()["content-disposition"] ?? "", /attachment/);
    const text = await markdown.text();
    assert.match(text, /Districts already restrict drainage near lakes/);
    assert.match(text, /500 metres/);
    const csv = await facilitator.request.get(`${base}/contributions.csv`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /Does the ban cover peat extraction as well\?/);
  });

  it("audited every page the three people visited, on a 375 px phone too", () => {
    for (const [index, person] of ["the coordinator", "the member", "the facilitator"].entries()) assertEveryPageChecked(visited[index], person);
  });
});
