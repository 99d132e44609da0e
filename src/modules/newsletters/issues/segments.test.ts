import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { users } from "../../../platform/schema";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addMember, buildOrganisation } from "../../organisations/factories";
import { organisationFrameworkItems } from "../../organisations/schema";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { mailSuppressions } from "../schema";
import { addSubscriber } from "./factories";
import { countSegment, maskAddress, segmentRecipients } from "./segments";
import type { Segment } from "./schema";

describe("newsletter segments", () => {
  let t: TestApp;
  let spaceId: string;
  let targetItem: string;
  const people: Record<string, string> = {};

  before(async () => {
    t = await createTestApp();
    const s = t.services;
    const space = await buildSpace(s, { enabledModules: ["news"], frameworkKeys: ["GBF"] });
    spaceId = space.id;
    const [item] = await queryRows<{ id: string }>(s.db, sql`select fi.id from framework_items fi join frameworks f on f.id = fi.framework_id where f.key = 'GBF' order by fi.position limit 1`);
    targetItem = item.id;
    const other = await buildSpace(s, { enabledModules: ["news"] });

    const user = async (key: string, options: { locale?: string; isVerified?: boolean } = {}) => {
      const built = await buildUser(s, { email: `${key}@example.org`, locale: options.locale ?? "en", ...(options.isVerified === false ? { isVerified: false } : {}) });
      people[key] = built.id;
      return built.id;
    };
    // members of the space
    await addSpaceRole(s, spaceId, await user("coordinator", { locale: "ru" }), "coordinator");
    const ngoKz = await buildOrganisation(s, { actorType: "ngo", country: "KZ" });
    await s.db.insert(organisationFrameworkItems).values({ organisationId: ngoKz.id, itemId: targetItem });
    await addMember(s, ngoKz.id, await user("member-ngo-kz"));
    await addSpaceRole(s, spaceId, people["member-ngo-kz"], "member");
    await addSpaceRole(s, spaceId, await user("focal-uz"), "focal_point", "UZ");
    await addSpaceRole(s, spaceId, await user("unverified", { isVerified: false }), "member");
    await addSpaceRole(s, spaceId, await user("deleted"), "member");
    await s.db.update(users).set({ deletedAt: s.clock.now() }).where(eq(users.id, people.deleted));
    await addSpaceRole(s, spaceId, await user("opted-out"), "member");
    await addSubscriber(s, spaceId, { userId: people["opted-out"], status: "unsubscribed" });
    await addSpaceRole(s, spaceId, await user("no-newsletters"), "member");
    await addSubscriber(s, spaceId, { userId: people["no-newsletters"], newsletters: false });
    await addSpaceRole(s, spaceId, await user("bounced"), "member");
    await s.db.insert(mailSuppressions).values({ email: "bounced@example.org", reason: "hard_bounce" });
    await addSpaceRole(s, spaceId, await user("address-unsubscribed"), "member");
    await addSubscriber(s, spaceId, { email: "address-unsubscribed@example.org", status: "unsubscribed" });
    // a member elsewhere only, and someone who opted out of the other space only
    await addSpaceRole(s, other.id, await user("elsewhere"), "member");
    // followers: account holders with an active row, one pending
    const business = await buildOrganisation(s, { actorType: "business", country: "RU" });
    await addMember(s, business.id, await user("follower-business-ru"));
    await addSubscriber(s, spaceId, { userId: people["follower-business-ru"] });
    await addSubscriber(s, spaceId, { userId: await user("follower-pending"), status: "pending" });
    // subscribers without an account
    await addSubscriber(s, spaceId, { email: "sub-ngo-kz@example.net", locale: "ru", country: "KZ", actorType: "ngo" });
    await addSubscriber(s, spaceId, { email: "sub-fr@example.net", country: "FR" });
    await addSubscriber(s, spaceId, { email: "sub-pending@example.net", status: "pending" });
    await addSubscriber(s, spaceId, { email: "sub-unsubscribed@example.net", status: "unsubscribed" });
    await addSubscriber(s, spaceId, { email: "sub-no-newsletters@example.net", newsletters: false });
    await addSubscriber(s, spaceId, { email: "sub-complained@example.net" });
    await s.db.insert(mailSuppressions).values({ email: "sub-complained@example.net", reason: "complaint" });
    await addSubscriber(s, other.id, { email: "sub-other-space@example.net" });
    // an account holder who is also subscribed by address: one mail, as the account holder
    await addSubscriber(s, spaceId, { email: "coordinator@example.org" });
  });
  after(async () => t.close());

  const emails = async (segment: Partial<Segment>) => {
    const recipients = await segmentRecipients(t.services.db, spaceId, segment, 1000);
    assert.equal(await countSegment(t.services.db, spaceId, segment), recipients.length, "the count is the same query as the list");
    return recipients.map((recipient) => recipient.email);
  };

  it("reaches members with a verified address who did not opt out or bounce", async () => {
    assert.deepEqual(await emails({ audiences: ["members"] }), ["coordinator@example.org", "focal-uz@example.org", "member-ngo-kz@example.org"]);
  });

  it("ORs the audience kinds and leaves out pending, unsubscribed, opted-out and suppressed subscribers", async () => {
    assert.deepEqual(await emails({ audiences: ["members", "followers", "subscribers"] }), [
      "coordinator@example.org",
      "focal-uz@example.org",
      "follower-business-ru@example.org",
      "member-ngo-kz@example.org",
      "sub-fr@example.net",
      "sub-ngo-kz@example.net",
    ]);
    assert.deepEqual(await emails({ audiences: ["followers"] }), ["follower-business-ru@example.org"]);
    assert.deepEqual(await emails({ audiences: ["subscribers"] }), ["coordinator@example.org", "sub-fr@example.net", "sub-ngo-kz@example.net"]);
    const [both] = await segmentRecipients(t.services.db, spaceId, { audiences: ["members", "subscribers"] }, 1);
    assert.deepEqual([both.email, both.recipientKind, both.recipientId], ["coordinator@example.org", "user", people.coordinator], "the account wins over the address row");
  });

  it("ANDs the filters: actor type, place (country or M49 region), framework target, language, role", async () => {
    const everyone: Segment["audiences"] = ["members", "followers", "subscribers"];
    assert.deepEqual(await emails({ audiences: everyone, actorTypes: ["ngo"] }), ["member-ngo-kz@example.org", "sub-ngo-kz@example.net"]);
    assert.deepEqual(await emails({ audiences: everyone, regions: ["143"] }), ["focal-uz@example.org", "member-ngo-kz@example.org", "sub-ngo-kz@example.net"], "Central Asia: KZ organisations, a UZ focal point, a KZ subscriber");
    assert.deepEqual(await emails({ audiences: everyone, countries: ["RU", "FR"] }), ["follower-business-ru@example.org", "sub-fr@example.net"]);
    assert.deepEqual(await emails({ audiences: everyone, regions: ["143"], actorTypes: ["ngo"] }), ["member-ngo-kz@example.org", "sub-ngo-kz@example.net"]);
    assert.deepEqual(await emails({ audiences: everyone, frameworkItems: [targetItem] }), ["member-ngo-kz@example.org"], "only people whose organisation works on the target");
    assert.deepEqual(await emails({ audiences: everyone, locales: ["ru"] }), ["coordinator@example.org", "sub-ngo-kz@example.net"]);
    assert.deepEqual(await emails({ audiences: ["members"], roles: ["coordinator", "focal_point"] }), ["coordinator@example.org", "focal-uz@example.org"]);
  });

  it("reaches nobody without an audience kind, and ignores unknown filter values", async () => {
    assert.deepEqual(await emails({ audiences: [] }), []);
    assert.deepEqual(await emails({ audiences: ["members"], actorTypes: ["'; drop table users; --"], countries: ["XX"] }), ["coordinator@example.org", "focal-uz@example.org", "member-ngo-kz@example.org"]);
  });

  it("masks addresses in the sample", () => {
    assert.equal(maskAddress("aliya@example.org"), "a•••@example.org");
  });
});
