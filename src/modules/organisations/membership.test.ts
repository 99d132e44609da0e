import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, type BuiltUser } from "../../testing/factories";
import { linkFromOutbox, outboxMessages } from "../../testing/outbox";
import { auditLog, jobs } from "../../platform/schema";
import { DAY_MS } from "../../platform/clock";
import { addMember, buildOrganisation, type BuiltOrganisation } from "./factories";
import { AppError } from "../../platform/errors";
import { leaveOrganisation } from "./commands/leave-organisation";
import { canActForOrganisation, organisationsOfUser } from "./queries";
import { organisationInvitations, organisationJoinRequests, organisationMembers } from "./schema";

describe("organisations: members, roles, invitations and join requests", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const logIn = (user: BuiltUser) => new Browser(t.app).logIn(user.email, TEST_PASSWORD);
  const roleOf = async (organisationId: string, userId: string) =>
    (await t.services.db.select().from(organisationMembers).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))))[0]?.role ?? null;
  const auditActions = async (organisationId: string) =>
    (await t.services.db.select().from(auditLog).where(eq(auditLog.subjectId, organisationId)).orderBy(auditLog.id)).map((row) => row.action);
  const pendingMails = async () =>
    (await t.services.db.select().from(jobs).where(and(eq(jobs.kind, "mail.send"), eq(jobs.status, "pending")))).map((job) => job.payload as { to: string; subject: string; text: string; locale: string });

  /** An organisation with its admin and one ordinary member. */
  const organisationWithMember = async (): Promise<{ organisation: BuiltOrganisation; admin: BuiltUser; member: BuiltUser }> => {
    const organisation = await buildOrganisation(t.services);
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id, "member");
    return { organisation, admin: organisation.owner as BuiltUser, member };
  };

  describe("who may edit, invite, change roles and remove members", () => {
    type Role = "anonymous" | "signed-in non-member" | "member" | "org admin" | "platform admin";
    const expected: Record<Role, number> = { anonymous: 401, "signed-in non-member": 403, member: 403, "org admin": 303, "platform admin": 303 };

    const browserFor = async (role: Role, context: { admin: BuiltUser; member: BuiltUser }): Promise<Browser> => {
      if (role === "anonymous") return new Browser(t.app);
      if (role === "member") return logIn(context.member);
      if (role === "org admin") return logIn(context.admin);
      return logIn(await buildUser(t.services, { isPlatformAdmin: role === "platform admin" }));
    };

    for (const role of Object.keys(expected) as Role[]) {
      it(`answers ${expected[role]} to the ${role} for edit, invite, role change and removal`, async () => {
        const context = await organisationWithMember();
        const { organisation, member } = context;
        const base = `/organisations/${organisation.slug}`;
        const browser = await browserFor(role, context);
        const isAllowed = expected[role] === 303;

        assert.equal((await browser.get(`${base}/edit`)).statusCode, isAllowed ? 200 : expected[role], "edit form");
        assert.equal((await browser.get(`${base}/members`)).statusCode, isAllowed ? 200 : expected[role], "members page");
        assert.equal((await browser.post(`${base}/edit`, { "name.en": "Renamed by someone", actorType: "ngo" })).statusCode, expected[role], "edit");
        assert.equal((await browser.post(`${base}/invitations`, { email: `invitee-${role.replace(/\W/g, "")}@example.org`, role: "member" })).statusCode, expected[role], "invite");
        assert.equal((await browser.post(`${base}/members/${member.id}/role`, { role: "admin" })).statusCode, expected[role], "role change");
        assert.equal(await roleOf(organisation.id, member.id), isAllowed ? "admin" : "member");
        assert.equal((await browser.post(`${base}/members/${member.id}/remove`, {})).statusCode, expected[role], "removal");
        assert.equal(await roleOf(organisation.id, member.id), isAllowed ? null : "member");
        assert.equal((await t.services.db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, organisation.id))).length, isAllowed ? 1 : 0);
        assert.deepEqual(
          await auditActions(organisation.id),
          isAllowed
            ? ["organisation.created", "organisation.updated", "organisation.invitation_sent", "organisation.member_role_changed", "organisation.member_removed"]
            : ["organisation.created"],
        );
      });
    }
  });

  it("never lets an organisation lose its last admin", async () => {
    const { organisation, admin, member } = await organisationWithMember();
    const base = `/organisations/${organisation.slug}`;
    const browser = await logIn(admin);
    const demote = await browser.post(`${base}/members/${admin.id}/role`, { role: "member" });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.body, /needs at least one administrator/);
    assert.match(demote.body, /<h1>Members of/, "the members page is shown again with the reason");
    assert.equal((await browser.post(`${base}/members/${admin.id}/remove`, {})).statusCode, 409);
    const leave = await browser.post(`${base}/leave`, {});
    assert.equal(leave.statusCode, 409);
    assert.match(leave.body, /needs at least one administrator/);
    assert.equal(await roleOf(organisation.id, admin.id), "admin");

    // With a second admin the first may step down, and then leave.
    assert.equal((await browser.post(`${base}/members/${member.id}/role`, { role: "admin" })).statusCode, 303);
    assert.equal((await browser.post(`${base}/members/${admin.id}/role`, { role: "member" })).statusCode, 303);
    assert.equal(await roleOf(organisation.id, admin.id), "member");
    assert.equal((await browser.post(`${base}/leave`, {})).statusCode, 303);
    assert.equal(await roleOf(organisation.id, admin.id), null);
    const memberBrowser = await logIn(member);
    assert.equal((await memberBrowser.post(`${base}/members/${member.id}/role`, { role: "member" })).statusCode, 409, "the new sole admin is protected too");

    const audit = await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, organisation.id), eq(auditLog.action, "organisation.member_role_changed"))).orderBy(auditLog.id);
    assert.deepEqual(
      audit.map((row) => row.details),
      [
        { userId: member.id, from: "member", to: "admin" },
        { userId: admin.id, from: "admin", to: "member" },
      ],
    );
    assert.deepEqual((await auditActions(organisation.id)).at(-1), "organisation.member_left");
  });

  it("keeps one admin when two admins try to leave at the same moment", async () => {
    const { organisation, admin, member } = await organisationWithMember();
    await addMember(t.services, organisation.id, member.id, "admin");
    const asCurrentUser = (user: BuiltUser) => ({ id: user.id, email: user.email, displayName: user.displayName, locale: "en", isPlatformAdmin: false, isEmailVerified: true });
    const results = await Promise.allSettled([
      leaveOrganisation(t.services, asCurrentUser(admin), organisation.id),
      leaveOrganisation(t.services, asCurrentUser(member), organisation.id),
    ]);
    assert.equal(results.filter((result) => result.status === "fulfilled").length, 1);
    const refused = results.find((result) => result.status === "rejected");
    assert.ok(refused?.status === "rejected" && refused.reason instanceof AppError && refused.reason.messageKey === "org.error.last_admin");
    const admins = await t.services.db.select().from(organisationMembers).where(and(eq(organisationMembers.organisationId, organisation.id), eq(organisationMembers.role, "admin")));
    assert.equal(admins.length, 1);
  });

  it("lets a member leave, and answers 404 for members that do not exist", async () => {
    const { organisation, admin, member } = await organisationWithMember();
    const base = `/organisations/${organisation.slug}`;
    assert.equal((await (await logIn(member)).post(`${base}/leave`, {})).statusCode, 303);
    assert.equal(await roleOf(organisation.id, member.id), null);
    const adminBrowser = await logIn(admin);
    assert.equal((await adminBrowser.post(`${base}/members/${member.id}/remove`, {})).statusCode, 404);
    assert.equal((await adminBrowser.post(`${base}/members/not-a-uuid/remove`, {})).statusCode, 404);
    assert.equal((await adminBrowser.post(`${base}/members/${member.id}/role`, { role: "owner" })).statusCode, 422);
  });

  it("invites by email, mails the link in the invitee's language, and accepts it only for that address", async () => {
    const { organisation, admin } = await organisationWithMember();
    const invitee = await buildUser(t.services, { email: "invitee.ru@example.org", locale: "ru" });
    const stranger = await buildUser(t.services);
    const adminBrowser = await logIn(admin);
    const base = `/organisations/${organisation.slug}`;

    const invalid = await adminBrowser.post(`${base}/invitations`, { email: "not an email", role: "member" });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /id="field-email-error"/);
    assert.match(invalid.body, /value="not an email"/);

    const sent = await adminBrowser.post(`${base}/invitations`, { email: "Invitee.RU@example.org", role: "admin" });
    assert.equal(sent.statusCode, 303);
    const [mail] = (await pendingMails()).filter((message) => message.to === "invitee.ru@example.org");
    assert.ok(mail, "the invitation mail is queued, not sent inside the request");
    assert.equal(mail.locale, "ru");
    assert.match(mail.subject, /Приглашение в организацию/);
    await t.services.jobs.drain();
    const link = await linkFromOutbox(t.outboxDir, "invitee.ru@example.org", "/invitations/");
    const path = new URL(link).pathname;

    const managePage = await adminBrowser.get(`${base}/members`);
    assert.match(managePage.body, /invitee\.ru@example\.org/);

    const anonymousView = await new Browser(t.app).get(path);
    assert.equal(anonymousView.statusCode, 200);
    assert.match(anonymousView.body, /log in with invitee\.ru@example\.org/);

    const strangerBrowser = await logIn(stranger);
    assert.match((await strangerBrowser.get(path)).body, /This invitation was sent to invitee\.ru@example\.org/);
    const wrong = await strangerBrowser.post(path, {});
    assert.equal(wrong.statusCode, 403);
    assert.equal(await roleOf(organisation.id, stranger.id), null);

    const inviteeBrowser = await logIn(invitee);
    const accepted = await inviteeBrowser.post(path, {});
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, base);
    assert.equal(await roleOf(organisation.id, invitee.id), "admin");
    assert.equal((await inviteeBrowser.post(path, {})).statusCode, 404, "an invitation works once");
    assert.equal((await new Browser(t.app).get(path)).statusCode, 404);

    const actions = await auditActions(organisation.id);
    assert.ok(actions.includes("organisation.invitation_sent"));
    assert.ok(actions.includes("organisation.invitation_accepted"));
    const [acceptance] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, organisation.id), eq(auditLog.action, "organisation.invitation_accepted")));
    assert.equal(acceptance.actorUserId, invitee.id);

    const again = await adminBrowser.post(`${base}/invitations`, { email: "invitee.ru@example.org", role: "member" });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already a member/);
  });

  it("writes the invitation in the admin's language when the invitee has no account yet", async () => {
    const admin = await buildUser(t.services, { locale: "ru" });
    const organisation = await buildOrganisation(t.services, { ownerId: admin.id });
    const browser = await logIn(admin);
    assert.equal((await browser.post(`/organisations/${organisation.slug}/invitations`, { email: "newcomer@example.org" })).statusCode, 303);
    const [mail] = (await pendingMails()).filter((message) => message.to === "newcomer@example.org");
    assert.equal(mail.locale, "ru");
    assert.match(mail.text, /\/invitations\//);
    assert.match(mail.text, /участник/);
  });

  it("lets an invitation expire after 14 days", async () => {
    const { organisation, admin } = await organisationWithMember();
    const invitee = await buildUser(t.services);
    await (await logIn(admin)).post(`/organisations/${organisation.slug}/invitations`, { email: invitee.email, role: "member" });
    await t.services.jobs.drain();
    const path = new URL(await linkFromOutbox(t.outboxDir, invitee.email, "/invitations/")).pathname;
    t.clock.advance(14 * DAY_MS + 60_000);
    const browser = await logIn(invitee);
    const view = await browser.get(path);
    assert.equal(view.statusCode, 404);
    assert.match(view.body, /has expired, was withdrawn or has been used/);
    assert.equal((await browser.post(path, {})).statusCode, 404);
    assert.equal(await roleOf(organisation.id, invitee.id), null);
  });

  it("lets an admin revoke an invitation, after which its link is dead", async () => {
    const { organisation, admin } = await organisationWithMember();
    const invitee = await buildUser(t.services);
    const browser = await logIn(admin);
    await browser.post(`/organisations/${organisation.slug}/invitations`, { email: invitee.email, role: "member" });
    await t.services.jobs.drain();
    const path = new URL(await linkFromOutbox(t.outboxDir, invitee.email, "/invitations/")).pathname;
    const [invitation] = await t.services.db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, organisation.id));
    assert.equal((await browser.post(`/organisations/${organisation.slug}/invitations/${invitation.id}/revoke`, {})).statusCode, 303);
    assert.equal((await (await logIn(invitee)).post(path, {})).statusCode, 404);
    assert.ok((await auditActions(organisation.id)).includes("organisation.invitation_revoked"));
    assert.equal((await browser.post(`/organisations/${organisation.slug}/invitations/${invitation.id}/revoke`, {})).statusCode, 404);
  });

  it("handles a join request: admins are mailed, accept makes a member and mails the requester", async () => {
    const { organisation, admin } = await organisationWithMember();
    const requester = await buildUser(t.services, { locale: "ru" });
    const browser = await logIn(requester);
    const base = `/organisations/${organisation.slug}`;
    assert.match((await browser.get(base)).body, /Отправить заявку|Send request/);
    const sent = await browser.post(`${base}/join-requests`, { message: "I coordinate the Almaty office." });
    assert.equal(sent.statusCode, 303);
    assert.match((await browser.get(base)).body, /заявку на вступление|asked to join/);
    assert.equal((await browser.post(`${base}/join-requests`, { message: "again" })).statusCode, 409);
    const toAdmin = (await pendingMails()).find((mail) => mail.to === admin.email);
    assert.ok(toAdmin);
    assert.match(toAdmin.text, /I coordinate the Almaty office\./);

    const adminBrowser = await logIn(admin);
    const manage = await adminBrowser.get(`${base}/members`);
    assert.match(manage.body, /I coordinate the Almaty office\./);
    const [request] = await t.services.db.select().from(organisationJoinRequests).where(eq(organisationJoinRequests.organisationId, organisation.id));
    assert.equal((await browser.post(`${base}/join-requests/${request.id}/accept`, {})).statusCode, 403, "a requester cannot accept their own request");
    assert.equal((await adminBrowser.post(`${base}/join-requests/${request.id}/accept`, {})).statusCode, 303);
    assert.equal(await roleOf(organisation.id, requester.id), "member");
    const [decided] = await t.services.db.select().from(organisationJoinRequests).where(eq(organisationJoinRequests.id, request.id));
    assert.equal(decided.status, "accepted");
    assert.equal(decided.decidedBy, admin.id);
    const toRequester = (await pendingMails()).find((mail) => mail.to === requester.email);
    assert.ok(toRequester);
    assert.match(toRequester.subject, /Вы приняты/);
    const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, organisation.id), eq(auditLog.action, "organisation.join_request_accepted")));
    assert.deepEqual(audit.details, { requestId: request.id, userId: requester.id });
    assert.equal((await adminBrowser.post(`${base}/join-requests/${request.id}/accept`, {})).statusCode, 404, "a request is decided once");
    assert.equal((await browser.post(`${base}/join-requests`, {})).statusCode, 409, "members cannot ask to join again");
  });

  it("declines a join request and mails the requester", async () => {
    const { organisation, admin } = await organisationWithMember();
    const requester = await buildUser(t.services);
    const base = `/organisations/${organisation.slug}`;
    await (await logIn(requester)).post(`${base}/join-requests`, {});
    const [request] = await t.services.db.select().from(organisationJoinRequests).where(eq(organisationJoinRequests.organisationId, organisation.id));
    assert.equal((await (await logIn(admin)).post(`${base}/join-requests/${request.id}/decline`, {})).statusCode, 303);
    assert.equal(await roleOf(organisation.id, requester.id), null);
    await t.services.jobs.drain();
    const mails = (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(requester.email));
    assert.equal(mails.length, 1);
    assert.match(mails[0].subject, /Your request to join/);
    assert.ok((await auditActions(organisation.id)).includes("organisation.join_request_declined"));
  });

  it("tells other modules which organisations a user may act for", async () => {
    const { organisation, admin, member } = await organisationWithMember();
    const outsider = await buildUser(t.services);
    assert.equal(await canActForOrganisation(t.services.db, admin.id, organisation.id), true);
    assert.equal(await canActForOrganisation(t.services.db, member.id, organisation.id), true);
    assert.equal(await canActForOrganisation(t.services.db, outsider.id, organisation.id), false);
    const mine = await organisationsOfUser(t.services.db, member.id);
    assert.deepEqual(
      mine.map((entry) => ({ id: entry.id, slug: entry.slug, role: entry.role })),
      [{ id: organisation.id, slug: organisation.slug, role: "member" }],
    );
    assert.ok(mine[0].name.en);
  });
});
