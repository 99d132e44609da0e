import type { RouteOptions } from "fastify";
import { API_SCOPES, createApiToken } from "../../src/platform/api/tokens";
import { createTestApp, type TestApp } from "../../src/testing/harness";
import { hashToken, randomToken } from "../../src/platform/crypto";
import { sessions } from "../../src/platform/schema";
import { buildUser, type BuiltUser } from "../../src/testing/factories";
import { buildCommitment } from "../../src/modules/commitments/factories";
import { buildConsultation, buildContribution } from "../../src/modules/consultations/factories";
import { buildOrganisation } from "../../src/modules/organisations/factories";
import { addSpaceRole, buildSpace } from "../../src/modules/spaces/factories";
import { saveDocument } from "../../src/modules/knowledge/guidance/commands/save-document";
import { saveCollection } from "../../src/modules/knowledge/guidance/commands/save-collection";
import { submitEnquiry } from "../../src/modules/knowledge/enquiries/commands/submit-enquiry";
import { saveExpertProfile } from "../../src/modules/knowledge/experts/commands/save-expert-profile";
import { submitPractice } from "../../src/modules/knowledge/practices/commands/submit-practice";
import { reviewPractice } from "../../src/modules/knowledge/practices/commands/review-practice";
import { buildResource } from "../../src/modules/knowledge/resources/factories";
import { buildEvent } from "../../src/modules/events/factories";
import { commitmentSpaceSettings } from "../../src/modules/commitments/schema";
import { publishVersion } from "../../src/modules/memorandum/commands/publish-version";
import { signMemorandum } from "../../src/modules/memorandum/commands/sign-memorandum";
import { updateSpace } from "../../src/modules/spaces/commands/update-space";
import { buildMentee, buildMentor } from "../../src/modules/mentoring/factories";
import { confirmPair } from "../../src/modules/mentoring/commands/confirm-pair";
import { buildProgramme } from "../../src/modules/programmes/factories";
import { applyToCohort } from "../../src/modules/programmes/commands/apply";
import { allQuestions } from "../../src/modules/surveys/definition";

/** One registered route and method (HEAD is Fastify's automatic twin of GET and is left out). */
export type RegisteredRoute = { method: string; url: string; config: RouteOptions["config"] };

export type Scene = {
  t: TestApp;
  routes: RegisteredRoute[];
  /** A platform admin who coordinates both spaces and administers organisation A: a token of theirs could do anything. */
  admin: BuiltUser;
  organisationA: { id: string; slug: string };
  organisationB: { id: string; slug: string };
  publicSpace: string;
  privateSpace: string;
  consultation: string;
  /** Knowledge-hub things per hub ("platform", or a space's slug), so `:id`, `:doc` … name something real. */
  knowledge: Record<string, { practice?: string; resource: string; collection: string; enquiry: string }>;
  /** Organisation B's owner's expert profile (listed). */
  expert: string;
  /** A published event with open registration in each space, by space slug: its slug and id. */
  events: Record<string, { slug: string; id: string }>;
  /** An active mentoring pair in each space (the "programmes" feature is switched on), by space slug: its id. */
  mentoringPair: Record<string, string>;
  /** An open programme in each space, by space slug: its slug, its cohort and the admin's application to it. */
  programmes: Record<string, { slug: string; cohort: string; application: string }>;
  tokens: {
    /** The admin's personal token with every scope. */
    personalAll: { id: string; secret: string };
    /** The admin's personal token with account:read only. */
    personalOne: { id: string; secret: string };
    /** Organisation A's token (created by the admin) with every scope an organisation token can have. */
    organisationA: { id: string; secret: string };
    /** Organisation B's token, for "another organisation cannot act". */
    organisationB: { id: string; secret: string };
  };
};

export const ORGANISATION_SCOPES = ["organisations:write", "commitments:write", "contributions:write", "knowledge:write"] as const;

/**
 * One app with every route recorded as it registers, and one set of things for the routes to point at: a
 * public and a private space (both with commitments and consultations) run by a platform admin, who also
 * administers organisation A, a published commitment of organisation A in each space, a consultation with a
 * contribution, and tokens of every kind. Built once per test file and reused by every request.
 */
export async function buildScene(): Promise<Scene> {
  const recorded: RegisteredRoute[] = [];
  const t = await createTestApp({
    onRoute: (route) => {
      for (const method of [route.method].flat()) if (method !== "HEAD") recorded.push({ method, url: route.url, config: route.config });
    },
  });
  const services = t.services;
  const admin = await buildUser(services, { isPlatformAdmin: true, displayName: "Matrix Admin Person", email: "matrix-admin@example.org" });
  const owner = await buildUser(services, { displayName: "Organisation B Owner" });
  const organisationA = await buildOrganisation(services, { ownerId: admin.id, name: { en: "Matrix Organisation A" }, contacts: { phone: { value: "+7 700 000 00 01", visibility: "members" } } });
  const organisationB = await buildOrganisation(services, { ownerId: owner.id, name: { en: "Matrix Organisation B" } });
  const features = { enabledModules: ["commitments", "consultations", "knowledge", "events"] as ("commitments" | "consultations" | "knowledge" | "events")[], frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], createdBy: admin.id };
  const publicSpace = await buildSpace(services, { ...features, slug: "matrix-open" });
  const privateSpace = await buildSpace(services, { ...features, slug: "matrix-closed", visibility: "private" });
  const events: Scene["events"] = {};
  for (const space of [publicSpace, privateSpace]) {
    await addSpaceRole(services, space.id, admin.id, "coordinator");
    const event = await buildEvent(services, { space, slug: "matrix-meet", capacity: 5 });
    events[space.slug] = { slug: event.slug, id: event.id };
    await buildCommitment(services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisationA.id, ownerUserId: admin.id, status: "published" });
    const consultation = await buildConsultation(services, { spaceId: space.id, spaceSlug: space.slug, slug: "matrix-talk" });
    await buildContribution(services, { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id }, { authorId: admin.id });
    // Both spaces run their commitments as a memorandum, with two versions signed by organisation A (`:version` is 1).
    await services.db.insert(commitmentSpaceSettings).values({ spaceId: space.id, mode: "memorandum" }).onConflictDoUpdate({ target: commitmentSpaceSettings.spaceId, set: { mode: "memorandum" } });
    await publishVersion(services, { id: admin.id }, space.id, { bodyMd: { en: "## Matrix memorandum\n\nWe sign." }, changeSummary: {} });
    await signMemorandum(services, { id: admin.id }, space.id, organisationA.id);
    await publishVersion(services, { id: admin.id }, space.id, { bodyMd: { en: "## Matrix memorandum\n\nWe sign again." }, changeSummary: { en: "Again" } });
  }
  // The knowledge hub, on the platform and in each space: a published guide with two versions (and a draft),
  // a collection, a published practice (spaces only), a published resource and one enquiry; an expert profile.
  const knowledge: Scene["knowledge"] = {};
  for (const space of [null, publicSpace, privateSpace]) {
    const spaceId = space?.id ?? null;
    const now = services.clock.now();
    const document = (slug: string, status: "published" | "draft", bodyMd: string) =>
      services.db.transaction((tx) =>
        saveDocument(tx, { spaceId, slug, kind: "guidance", language: "en", title: `Matrix ${slug}`, tags: ["matrix"], bodyMd, status, translationOfSlug: null, collectionId: null }, { actorUserId: admin.id, source: "ui", now }),
      );
    await document("matrix-guide", "published", "## Accreditation\n\nHow to apply.");
    await document("matrix-guide", "published", "## Accreditation\n\nHow to apply, revised.");
    await document("matrix-draft", "draft", "## Draft\n\nNot yet.");
    const scope = { space: null, spaceId, base: space ? `/spaces/${space.slug}/knowledge` : "/knowledge", canManage: true };
    const collection = await saveCollection(services, scope, admin, { slug: "matrix-shelf", title: { en: "Matrix shelf" }, description: {}, position: "1" });
    let practice: string | undefined;
    if (space) {
      const actor = { id: admin.id, isPlatformAdmin: true, isEmailVerified: true };
      practice = (
        await submitPractice(services, actor, space.slug, {
          organisationId: organisationA.id, kind: "project", title: { en: "Matrix practice" }, summary: { en: "Volunteers replanted reeds." }, language: "en", countries: ["KZ"], actorTypes: ["ngo"], links: [],
        })
      ).id;
      await reviewPractice(services, { id: admin.id, isPlatformAdmin: true }, practice, { decision: "publish" });
    }
    const resource = await buildResource(services, { spaceId, actorUserId: admin.id });
    const { number: enquiry } = await submitEnquiry(services, { space: space ? { id: space.id, slug: space.slug, title: space.title } : null, asker: { kind: "member", userId: admin.id }, question: "How do we apply?", details: "", tags: [] });
    knowledge[space?.slug ?? "platform"] = { practice, resource, collection, enquiry: String(enquiry) };
  }
  // Mentoring in both spaces: the admin mentors someone, so `:pair` names a pair the admin's session may open.
  const mentoringPair: Scene["mentoringPair"] = {};
  for (const space of [publicSpace, privateSpace]) {
    await updateSpace(services, { id: admin.id }, space.id, { slug: space.slug, title: space.title, description: { en: "Matrix space." }, visibility: space === publicSpace ? "public" : "private", enabledModules: [...features.enabledModules, "programmes"], frameworkKeys: features.frameworkKeys });
    const mentor = await buildMentor(services, space, { user: admin, capacity: 2 });
    const mentee = await buildMentee(services, space);
    mentoringPair[space.slug] = (await confirmPair(services, { id: admin.id }, space, { menteeId: mentee.id, mentorId: mentor.id })).id;
  }
  // A programme in both spaces with one cohort the admin has applied to, so `:programme`, `:cohort` and
  // `:application` name real things (the admin's own application: a certificate route acting wrongly would show).
  const programmes: Scene["programmes"] = {};
  for (const space of [publicSpace, privateSpace]) {
    const built = await buildProgramme(services, { space });
    const answers = Object.fromEntries(allQuestions(built.programme.form).map((question) => [question.key, [question.options[0]?.key ?? "an answer"]]));
    const application = await applyToCohort(services, { id: admin.id }, built.programme, built.cohort, { answers, organisationId: null, trackId: null, locale: "en" });
    programmes[space.slug] = { slug: built.programme.slug, cohort: built.cohort.id, application: application.id };
  }
  const expert = (
    // Organisation B's owner is the expert, so the admin may write to them through the relay.
    await saveExpertProfile(services, owner.id, { displayName: "Matrix Expert", headline: {}, bio: { en: "Wetlands." }, tags: ["wetlands"], languages: ["en"], country: null, organisationId: null, itemIds: [] })
  ).id;
  const token = (userId: string, scopes: readonly (typeof API_SCOPES)[number][], organisationId: string | null = null) =>
    createApiToken(services.db, { userId, name: "matrix", scopes: [...scopes], organisationId });
  return {
    t,
    routes: recorded,
    admin,
    organisationA,
    organisationB,
    publicSpace: publicSpace.slug,
    privateSpace: privateSpace.slug,
    consultation: "matrix-talk",
    knowledge,
    expert,
    events,
    mentoringPair,
    programmes,
    tokens: {
      personalAll: await token(admin.id, API_SCOPES),
      personalOne: await token(admin.id, ["account:read"]),
      organisationA: await token(admin.id, ORGANISATION_SCOPES, organisationA.id),
      organisationB: await token(owner.id, ORGANISATION_SCOPES, organisationB.id),
    },
  };
}

/**
 * A concrete URL for a route pattern, its parameters replaced by things of the scene, so a request reaches the
 * handler and touches real data: `space` picks the space; `:id` is the personal token's id under /account
 * and organisation A's token's id elsewhere, so a revoke that wrongly acted would show.
 */
export function concreteUrl(scene: Scene, pattern: string, space: "public" | "private" = "public"): string {
  const isOrganisationRoute = /\/organisations\/:slug/.test(pattern);
  const hub = pattern.startsWith("/spaces/") || pattern.startsWith("/api/v1/spaces/") ? (space === "public" ? scene.publicSpace : scene.privateSpace) : "platform";
  const things = scene.knowledge[hub];
  // Whose `:id` it is: a knowledge thing, an expert, a relay target (the expert), or a token.
  const id = /\/practices\/:id/.test(pattern)
    ? (things?.practice ?? scene.knowledge[scene.publicSpace]!.practice!)
    : /\/resources\/:id/.test(pattern)
      ? things!.resource
      : /\/experts\/:id|^\/contact\//.test(pattern)
        ? scene.expert
        : /\/documents\/:id/.test(pattern)
          ? "matrix-guide"
          : pattern.startsWith("/account/")
            ? scene.tokens.personalAll.id
            : scene.tokens.organisationA.id;
  const values: Record<string, string> = {
    slug: isOrganisationRoute ? scene.organisationA.slug : space === "public" ? scene.publicSpace : scene.privateSpace,
    organisationSlug: scene.organisationA.slug,
    consultation: scene.consultation,
    event: "matrix-meet",
    number: /\/enquiries\/:number/.test(pattern) ? things!.enquiry : "1",
    question: "1",
    finding: "1",
    userId: scene.admin.id,
    id,
    doc: "matrix-guide",
    version: "1",
    collection: things?.collection ?? "x",
    kind: "expert",
    key: "GBF",
    token: "not-an-invitation",
    code: "not-a-certificate",
    name: "not-a-mail.eml",
    pair: scene.mentoringPair[space === "public" ? scene.publicSpace : scene.privateSpace] ?? "x",
    programme: scene.programmes[space === "public" ? scene.publicSpace : scene.privateSpace]?.slug ?? "x",
    cohort: scene.programmes[space === "public" ? scene.publicSpace : scene.privateSpace]?.cohort ?? "x",
    application: scene.programmes[space === "public" ? scene.publicSpace : scene.privateSpace]?.application ?? "x",
  };
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name] ?? "x").replace(/\*$/, "index.css");
}

/** Rows of the tables a token acting wrongly would change, as one comparable string. */
export async function databaseFingerprint(scene: Scene): Promise<string> {
  const rows = await scene.t.database.withConnection((query) => query(`
    select
      (select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) from users u) as users,
      (select md5(coalesce(string_agg(id::text || coalesce(revoked_at::text, ''), '|' order by id), '')) from api_tokens) as api_tokens,
      (select count(*) from sessions) as sessions,
      (select count(*) from email_tokens) as email_tokens,
      (select count(*) from jobs) as jobs,
      (select count(*) from audit_log) as audit,
      (select md5(coalesce(string_agg(o::text, '|' order by o.id), '')) from organisations o) as organisations,
      (select md5(coalesce(string_agg(m::text, '|' order by m.organisation_id, m.user_id), '')) from organisation_members m) as organisation_members,
      (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from spaces s) as spaces,
      (select count(*) || '/' || md5(coalesce(string_agg(m::text, '|' order by m::text), '')) from space_members m) as space_members,
      (select md5(coalesce(string_agg(c.id::text || c.status || c.updated_at::text, '|' order by c.id), '')) from commitments c) as commitments,
      (select count(*) from progress_reports) as progress_reports,
      (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from consultation_contributions c) as contributions,
      (select count(*) from frameworks) as frameworks`));
  return JSON.stringify(rows[0]);
}

/**
 * A browser session of the scene's admin, by its cookie value; `ensure()` (re)creates it directly, since a probe
 * may have logged it out.
 */
export function adminSession(scene: Scene): { token: string; ensure: () => Promise<void> } {
  const token = randomToken();
  return {
    token,
    ensure: async () => {
      const now = scene.t.services.clock.now();
      await scene.t.services.db
        .insert(sessions)
        .values({ id: hashToken(token), userId: scene.admin.id, expiresAt: new Date(now.getTime() + 86_400_000), userAgent: null, lastSeenAt: now })
        .onConflictDoNothing();
    },
  };
}
