import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { queryRows } from "../../db/sql";
import { sql } from "drizzle-orm";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildCommitment } from "./factories";
import { certificateCode, organisationsOnTrack, readCertificateCode } from "./recognition";

const BADGE = '<span class="badge-on-track"';

function verificationPath(body: string): string {
  const match = /<a href="http:\/\/convene\.test(\/verify\/certificate\/[A-Za-z0-9_-]+)">/.exec(body);
  assert.ok(match, "the certificate shows its verification URL");
  return match[1];
}

describe("commitments: recognition of organisations reporting on track", () => {
  let t: TestApp;
  let spaceId: string;
  let slug: string;
  let onTrack: { id: string; slug: string };
  let oneYellow: { id: string; slug: string };
  let neverReported: { id: string; slug: string };

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    spaceId = space.id;
    slug = space.slug;
    const base = { spaceId, spaceSlug: slug, status: "published" as const, publishedAt: new Date("2025-01-10T00:00:00Z") };
    // Clock: 2026-03-02; green means a report since 2025-03-02.
    onTrack = await buildOrganisation(t.services, { name: { en: `${XSS} Steppe Keepers`, ru: `${XSS} Хранители степи` } });
    await buildCommitment(t.services, { ...base, organisationId: onTrack.id, title: { en: "Green one" }, lastReportAt: "2026-02-01" });
    await buildCommitment(t.services, { ...base, organisationId: onTrack.id, title: { en: "Green two" }, lastReportAt: "2025-12-20" });
    // A draft without reports does not count against it: only published commitments do.
    await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: onTrack.id, status: "draft" });

    oneYellow = await buildOrganisation(t.services, { name: { en: "Late Reporters" } });
    await buildCommitment(t.services, { ...base, organisationId: oneYellow.id, title: { en: "Green three" }, lastReportAt: "2026-02-01" });
    await buildCommitment(t.services, { ...base, organisationId: oneYellow.id, title: { en: "Yellow one" }, lastReportAt: "2024-12-01" });

    neverReported = await buildOrganisation(t.services, { name: { en: "Quiet Group" } });
    await buildCommitment(t.services, { ...base, organisationId: neverReported.id, title: { en: "Grey one" }, publishedAt: new Date("2026-02-01T00:00:00Z") });
  });
  after(async () => t.close());

  it("gives the badge only to organisations whose published commitments are all green", async () => {
    const now = t.clock.now();
    const result = await organisationsOnTrack(t.services.db, spaceId, [onTrack.id, oneYellow.id, neverReported.id], now);
    assert.deepEqual([...result], [onTrack.id]);
  });

  it("shows the badge on the list beside the organisation's commitments only", async () => {
    const body = (await new Browser(t.app).get(`/spaces/${slug}/commitments?sort=title`)).body;
    const cards = body.split('<li class="card">').slice(1);
    const cardOf = (title: string) => cards.find((card) => card.includes(`>${title}</a></h3>`)) ?? "";
    assert.ok(cardOf("Green one").includes(BADGE));
    assert.ok(cardOf("Green two").includes(BADGE));
    assert.ok(!cardOf("Green three").includes(BADGE), "one yellow commitment withholds the badge");
    assert.ok(!cardOf("Yellow one").includes(BADGE));
    assert.ok(!cardOf("Grey one").includes(BADGE), "no report yet: no badge");
  });

  it("shows the badge and the certificate link on the organisation's page", async () => {
    const page = await new Browser(t.app).get(`/organisations/${onTrack.slug}`);
    assert.ok(page.body.includes(BADGE));
    assert.ok(page.body.includes(`/spaces/${slug}/commitments/certificates/${onTrack.slug}`));
    const other = await new Browser(t.app).get(`/organisations/${oneYellow.slug}`);
    assert.ok(!other.body.includes(BADGE));
    assert.ok(!other.body.includes("/certificates/"));
  });

  it("prints a certificate whose verification page confirms it from current data", async () => {
    const browser = new Browser(t.app);
    const certificate = await browser.get(`/spaces/${slug}/commitments/certificates/${onTrack.slug}`);
    assert.equal(certificate.statusCode, 200);
    assert.ok(!certificate.body.includes(XSS), "the organisation's name is escaped");
    assert.match(certificate.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Steppe Keepers/);
    assert.match(certificate.body, /2 published commitments, all reporting on time/);
    assert.match(certificate.body, /Issued on 2 Mar 2026/);
    assert.match(certificate.body, /<link rel="stylesheet" href="\/assets\/commitments\.[0-9a-f]{12}\.css">/, "with its print styles");
    const path = verificationPath(certificate.body);

    const css = await browser.get(/href="(\/assets\/commitments\.[0-9a-f]{12}\.css)"/.exec(certificate.body)?.[1] ?? "");
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /@media print/);

    const valid = await browser.get(path);
    assert.equal(valid.statusCode, 200);
    assert.match(valid.body, /Valid: &lt;script&gt;alert\(1\)&lt;\/script&gt; Steppe Keepers is reporting on track/);
    const russian = await new Browser(t.app, "ru").get(path);
    assert.match(russian.body, /Действителен/);

    // Fourteen months later, with no new report, the commitments are yellow and the certificate has lapsed.
    t.clock.advance(14 * 31 * 86_400_000);
    const lapsed = await browser.get(path);
    assert.equal(lapsed.statusCode, 200);
    assert.match(lapsed.body, /No longer valid/);
    assert.match(lapsed.body, /2 Mar 2026/, "it still names the day it was issued");
    assert.equal((await browser.get(`/spaces/${slug}/commitments/certificates/${onTrack.slug}`)).statusCode, 404, "no new certificate either");
  });

  it("refuses a certificate to an organisation not on track, and verifies no forged code", async () => {
    const browser = new Browser(t.app);
    const refused = await browser.get(`/spaces/${slug}/commitments/certificates/${oneYellow.slug}`);
    assert.equal(refused.statusCode, 404);
    assert.match(refused.body, /not reporting on track in this space at the moment/);
    assert.equal((await browser.get(`/spaces/${slug}/commitments/certificates/no-such-organisation`)).statusCode, 404);
    const genuine = await certificateCode(t.services.db, { organisationId: onTrack.id, spaceId, issuedOn: "2026-03-02" });
    assert.deepEqual(await readCertificateCode(t.services.db, genuine), { organisationId: onTrack.id, spaceId, issuedOn: "2026-03-02" });
    // Claiming the certificate for another organisation breaks the signature.
    const bytes = Buffer.from(genuine, "base64url");
    Buffer.from(oneYellow.id.replace(/-/g, ""), "hex").copy(bytes, 0);
    const forged = bytes.toString("base64url");
    assert.equal(await readCertificateCode(t.services.db, forged), null);
    const response = await browser.get(`/verify/certificate/${forged}`);
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /does not belong to any certificate/);
    assert.equal((await browser.get(`/verify/certificate/${encodeURIComponent("<script>")}`)).statusCode, 404);
  });

  it("keeps one signing secret for the installation", async () => {
    await certificateCode(t.services.db, { organisationId: onTrack.id, spaceId, issuedOn: "2026-03-02" });
    const rows = await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from signing_secret`);
    assert.equal(Number(rows[0].count), 1);
  });
});

describe("commitments: certificates in a private space", () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("are invisible, and do not verify, for anyone outside the space", async () => {
    const hidden = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"] });
    const organisation = await buildOrganisation(t.services);
    await buildCommitment(t.services, { spaceId: hidden.id, spaceSlug: hidden.slug, organisationId: organisation.id, status: "published", lastReportAt: "2026-02-01" });
    const certificateUrl = `/spaces/${hidden.slug}/commitments/certificates/${organisation.slug}`;
    assert.equal((await new Browser(t.app).get(certificateUrl)).statusCode, 404);
    const organisationPage = await new Browser(t.app).get(`/organisations/${organisation.slug}`);
    assert.ok(!organisationPage.body.includes(hidden.slug), "the organisation page does not reveal the space");

    const member = await buildUser(t.services);
    await addSpaceRole(t.services, hidden.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    const certificate = await memberBrowser.get(certificateUrl);
    assert.equal(certificate.statusCode, 200);
    const path = verificationPath(certificate.body);
    assert.match((await memberBrowser.get(path)).body, /Valid:/);
    assert.equal((await new Browser(t.app).get(path)).statusCode, 404, "an anonymous check learns nothing");
  });
});
