import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../../platform/api/pagination";
import { requirePlatformAdmin, requireScope, requireUser } from "../../../platform/auth/guards";
import { Email } from "../../../platform/auth/inputs";
import { recordAudit } from "../../../platform/audit/record";
import { isCountryCode } from "../../../platform/countries";
import { AppError, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, safeNextPath, sendPage, validateForm } from "../../../platform/http/forms";
import { registerSecretPath } from "../../../platform/http/log-redaction";
import { registerMultipartForms } from "../../../platform/http/multipart";
import { setFlash } from "../../../platform/http/plugin";
import { isLocale } from "../../../platform/i18n/locales";
import { emptyForm, type FormState } from "../../../platform/views/forms";
import { ACTOR_TYPE_KEYS } from "../../organisations/actor-types";
import { findSpaceById, getSpaceForViewer, type ViewedSpace } from "../../spaces/queries";
import { DIGEST_FREQUENCIES } from "../schema";
import { PREFERENCES_PREFIX, UNSUBSCRIBE_PREFIX, preferencesPath, readRecipientToken, recipientToken, unsubscribePath, type Recipient } from "../tokens";
import { startBounceListener, processBounceMessage, MAX_BOUNCE_BYTES } from "./bounces";
import {
  CONFIRM_PREFIX,
  confirmSubscription,
  findPendingByConfirmToken,
  followSpace,
  followsOf,
  recipientPreferences,
  savePreferences,
  subscribeAddress,
  unsubscribeRecipient,
  type Preferences,
} from "./commands";
import { listSuppressions, normalizeAddress, suppressAddress, unsuppressAddress } from "./suppression";
import * as views from "./views";

const Locale = z.string().refine(isLocale, { message: "validation.invalid_choice" });
const SubscribeForm = z.object({
  email: Email,
  locale: Locale,
  country: z.preprocess((value) => (value === "" ? undefined : value), z.string().refine(isCountryCode, { message: "validation.invalid_choice" }).optional()),
  actor_type: z.preprocess((value) => (value === "" ? undefined : value), z.enum(ACTOR_TYPE_KEYS).optional()),
});
const PreferencesForm = z.object({
  newsletters: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  digest: z.enum(DIGEST_FREQUENCIES),
  locale: Locale,
});
const SuppressionForm = z.object({ email: Email, detail: z.string().trim().max(500).default("") });

/** The space of a newsletter page as the viewer may see it, with its news feature on (404 otherwise). */
async function newsletterSpace(request: FastifyRequest, slug: string): Promise<ViewedSpace> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("news")) throw notFound();
  return space;
}

/** The space and recipient a signed link names; a tampered or foreign token is a 404 like an unknown page. */
async function linkTarget(request: FastifyRequest, token: string) {
  const { db } = request.server.services;
  const target = await readRecipientToken(db, token);
  if (!target) throw notFound();
  const space = await findSpaceById(db, target.spaceId);
  const preferences = space ? await recipientPreferences(db, space.id, target.recipient) : null;
  if (!space || !preferences) throw notFound();
  return { space, recipient: target.recipient, preferences };
}

const preferencesForm = (preferences: Preferences & { status: string }): FormState =>
  emptyForm({ newsletters: preferences.status !== "unsubscribed" && preferences.newsletters, digest: preferences.status === "unsubscribed" ? "none" : preferences.digest, locale: preferences.locale });

/** Pages and API of the newsletters' audience part (see ../README.md). */
export async function newsletterAudienceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  const hidden = { schema: { hide: true } };
  const limited = { config: { rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } }, schema: { hide: true } };
  for (const prefix of [UNSUBSCRIBE_PREFIX, PREFERENCES_PREFIX, CONFIRM_PREFIX]) registerSecretPath(prefix);

  if (services.config.bounceSmtpPort !== undefined) {
    const port = services.config.bounceSmtpPort;
    let listener: Awaited<ReturnType<typeof startBounceListener>> | undefined;
    app.addHook("onReady", async () => {
      listener = await startBounceListener(services, { port, host: services.config.host, logger: app.log });
      app.log.info({ port: listener.port }, "bounce listener ready");
    });
    app.addHook("onClose", async () => listener?.close());
  }

  // ---- Following and subscribing -------------------------------------------------------------------------

  const renderSpacePage = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, form?: FormState, status = 200) => {
    const view = viewContext(request);
    if (!request.user) return sendPage(reply, views.spaceNewsletterPage(view, space, { kind: "anonymous", form: form ?? emptyForm({ locale: request.locale }) }), status);
    const current = await recipientPreferences(db, space.id, { kind: "user", userId: request.user.id });
    const isFollowing = current?.status === "active";
    return sendPage(reply, views.spaceNewsletterPage(view, space, { kind: "account", isFollowing, form: form ?? (isFollowing && current ? preferencesForm(current) : emptyForm({ newsletters: true, digest: "monthly", locale: request.locale })) }), status);
  };

  app.get<{ Params: { slug: string } }>("/spaces/:slug/newsletter", hidden, async (request, reply) => renderSpacePage(request, reply, await newsletterSpace(request, request.params.slug)));

  app.post<{ Params: { slug: string }; Querystring: { next?: string } }>("/spaces/:slug/newsletter", limited, async (request, reply) => {
    const space = await newsletterSpace(request, request.params.slug);
    const body = formBody(request);
    if (request.user) {
      const result = validateForm(PreferencesForm, body);
      if (!result.isValid) return renderSpacePage(request, reply, space, { values: body, errors: result.errors }, 422);
      await followSpace(services, request.user.id, space.id, result.data);
      setFlash(reply, "newsletters.audience.saved");
      return reply.redirect(request.query.next ? safeNextPath(request.query.next) : `/spaces/${space.slug}/newsletter`, 303);
    }
    // People without an account subscribe to public spaces only: a private space's mail is for its members.
    if (space.visibility !== "public") throw notFound();
    const result = validateForm(SubscribeForm, body);
    if (!result.isValid) return renderSpacePage(request, reply, space, { values: body, errors: result.errors }, 422);
    await subscribeAddress(services, space, { email: result.data.email, locale: result.data.locale, country: result.data.country ?? null, actorType: result.data.actor_type ?? null, source: "form" });
    return sendPage(reply, views.checkEmailPage(viewContext(request), space));
  });

  app.post<{ Params: { slug: string }; Querystring: { next?: string } }>("/spaces/:slug/newsletter/unfollow", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await newsletterSpace(request, request.params.slug);
    await unsubscribeRecipient(services, space.id, { kind: "user", userId: user.id });
    setFlash(reply, "newsletters.audience.unfollowed");
    return reply.redirect(request.query.next ? safeNextPath(request.query.next) : `/spaces/${space.slug}/newsletter`, 303);
  });

  app.get("/account/newsletters", hidden, async (request, reply) => {
    const user = requireUser(request);
    return sendPage(reply, views.accountNewslettersPage(viewContext(request), await followsOf(db, user.id)));
  });

  // ---- Double opt-in ------------------------------------------------------------------------------------

  app.get<{ Params: { token: string } }>(`${CONFIRM_PREFIX}:token`, hidden, async (request, reply) => {
    const pending = await findPendingByConfirmToken(services, request.params.token);
    const space = pending ? await findSpaceById(db, pending.spaceId) : undefined;
    if (!space) return sendPage(reply, views.messagePage(viewContext(request), "newsletters.audience.confirm.dead_title", "newsletters.audience.confirm.dead_body"), 404);
    return sendPage(reply, views.confirmPage(viewContext(request), space, `${CONFIRM_PREFIX}${request.params.token}`));
  });

  app.post<{ Params: { token: string } }>(`${CONFIRM_PREFIX}:token`, limited, async (request, reply) => {
    const confirmed = await confirmSubscription(services, request.params.token);
    const view = viewContext(request);
    if (!confirmed) return sendPage(reply, views.messagePage(view, "newsletters.audience.confirm.dead_title", "newsletters.audience.confirm.dead_body"), 404);
    const link = preferencesPath(await recipientToken(db, confirmed.spaceId, confirmed.recipient));
    return sendPage(reply, views.messagePage(view, "newsletters.audience.confirmed.title", "newsletters.audience.confirmed.body", { href: link, label: view.t("newsletters.audience.preferences.title") }));
  });

  // ---- Preferences and unsubscribe, from a mail's signed links (no login) -----------------------------

  app.get<{ Params: { token: string } }>(`${PREFERENCES_PREFIX}:token`, hidden, async (request, reply) => {
    const { space, preferences } = await linkTarget(request, request.params.token);
    const token = request.params.token;
    return sendPage(reply, views.preferencesPage(viewContext(request), space, preferences.email, preferencesPath(token), unsubscribePath(token), preferencesForm(preferences), preferences.status === "unsubscribed"));
  });

  app.post<{ Params: { token: string } }>(`${PREFERENCES_PREFIX}:token`, hidden, async (request, reply) => {
    const { space, recipient, preferences } = await linkTarget(request, request.params.token);
    const token = request.params.token;
    const body = formBody(request);
    const result = validateForm(PreferencesForm, body);
    if (!result.isValid) return sendPage(reply, views.preferencesPage(viewContext(request), space, preferences.email, preferencesPath(token), unsubscribePath(token), { values: body, errors: result.errors }, preferences.status === "unsubscribed"), 422);
    await savePreferences(services, space.id, recipient, result.data);
    setFlash(reply, "newsletters.audience.saved");
    return reply.redirect(preferencesPath(token), 303);
  });

  app.get<{ Params: { token: string } }>(`${UNSUBSCRIBE_PREFIX}:token`, hidden, async (request, reply) => {
    // Link scanners and previews open links: this page only asks, nothing changes until the button is pressed.
    const { space, preferences } = await linkTarget(request, request.params.token);
    return sendPage(reply, views.unsubscribePage(viewContext(request), space, preferences.email, unsubscribePath(request.params.token), preferencesPath(request.params.token)));
  });

  // The POST is exempt from CSRF: RFC 8058 one-click comes from a mail client with no cookie and no form token;
  // the signed code in the URL is what authorises it. Its own plugin, so it can also take multipart bodies.
  await app.register(async (oneClick) => {
    await registerMultipartForms(oneClick, { fileSize: 1, fieldSize: 200, files: 0, fields: 5, parts: 5 });
    oneClick.post<{ Params: { token: string } }>(`${UNSUBSCRIBE_PREFIX}:token`, { schema: { hide: true }, config: { isCsrfExempt: true } }, async (request, reply) => {
      const { space, recipient } = await linkTarget(request, request.params.token);
      await unsubscribeRecipient(services, space.id, recipient);
      const view = viewContext(request);
      return sendPage(reply, views.messagePage(view, "newsletters.audience.unsubscribed.title", "newsletters.audience.unsubscribed.body", { href: preferencesPath(request.params.token), label: view.t("newsletters.audience.preferences.title") }));
    });
  });

  // ---- Administration: suppressed addresses -------------------------------------------------------------

  const renderSuppressions = async (request: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm(), status = 200) => {
    const search = String((request.query as Record<string, unknown>).q ?? "").slice(0, 254);
    return sendPage(reply, views.suppressionsPage(viewContext(request), await listSuppressions(db, { search, limit: 200 }), search, form), status);
  };
  app.get("/admin/mail/suppressions", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    return renderSuppressions(request, reply);
  });
  app.post("/admin/mail/suppressions", hidden, async (request, reply) => {
    const admin = requirePlatformAdmin(request);
    const body = formBody(request);
    const result = validateForm(SuppressionForm, body);
    if (!result.isValid) return renderSuppressions(request, reply, { values: body, errors: result.errors }, 422);
    if (await suppressAddress(db, result.data.email, "manual", result.data.detail)) {
      await recordAudit(db, { actorUserId: admin.id, action: "mail.suppressed", subjectType: "mail_address", subjectId: result.data.email });
    }
    setFlash(reply, "newsletters.audience.suppressions.added");
    return reply.redirect("/admin/mail/suppressions", 303);
  });
  app.post("/admin/mail/suppressions/remove", hidden, async (request, reply) => {
    const admin = requirePlatformAdmin(request);
    const email = normalizeAddress(String(formBody(request).email ?? "")).slice(0, 254);
    if (await unsuppressAddress(db, email)) await recordAudit(db, { actorUserId: admin.id, action: "mail.unsuppressed", subjectType: "mail_address", subjectId: email });
    setFlash(reply, "newsletters.audience.suppressions.removed");
    return reply.redirect("/admin/mail/suppressions", 303);
  });

  // ---- API ---------------------------------------------------------------------------------------------

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["newsletters"];
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse };
  const SlugParams = z.object({ slug: z.string().max(100) });
  // Public writes: no token is needed and none changes the answer (declared because every /api write must say).
  const publicWrite = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const }, rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } };

  typed.post(
    "/api/v1/spaces/:slug/newsletter/subscribers",
    {
      config: publicWrite,
      schema: {
        tags,
        summary: "Subscribe an address to a public space's newsletters (double opt-in: a confirmation link is mailed; the answer is the same whether or not the address was already subscribed)",
        params: SlugParams,
        body: z.object({
          email: z.string().max(254).describe("The address to subscribe"),
          locale: z.string().max(10).default("en").describe("Language of the mails (en, ru)"),
          country: z.string().max(2).nullable().optional().describe("ISO 3166-1 alpha-2 country, for segments by country"),
          actor_type: z.string().max(40).nullable().optional().describe("Actor type key, for segments by actor type"),
        }),
        response: { 202: z.object({ status: z.literal("confirmation_sent").describe("Follow the link in the mail to confirm") }), ...errors },
      },
    },
    async (request, reply) => {
      const space = await newsletterSpace(request, request.params.slug);
      if (space.visibility !== "public") throw notFound();
      const result = validateForm(SubscribeForm, { ...request.body, country: request.body.country ?? undefined, actor_type: request.body.actor_type ?? undefined });
      if (!result.isValid) throw new AppError("validation_failed", "error.validation_failed", result.errors);
      await subscribeAddress(services, space, { email: result.data.email, locale: result.data.locale, country: result.data.country ?? null, actorType: result.data.actor_type ?? null, source: "api" });
      return reply.status(202).send({ status: "confirmation_sent" as const });
    },
  );

  typed.delete(
    "/api/v1/spaces/:slug/newsletter/subscribers",
    {
      config: publicWrite,
      schema: {
        tags,
        summary: "Unsubscribe the recipient a mail's signed token names from everything the space sends (the token of the unsubscribe link)",
        params: SlugParams,
        body: z.object({ token: z.string().min(1).max(200).describe("The signed code at the end of the mail's unsubscribe or preferences link") }),
        response: { 200: z.object({ status: z.literal("unsubscribed") }), ...errors },
      },
    },
    async (request) => {
      const target = await readRecipientToken(db, request.body.token);
      const space = target ? await findSpaceById(db, target.spaceId) : undefined;
      if (!target || !space || space.slug !== request.params.slug) throw notFound();
      if (!(await recipientPreferences(db, space.id, target.recipient))) throw notFound();
      await unsubscribeRecipient(services, space.id, target.recipient as Recipient);
      return { status: "unsubscribed" as const };
    },
  );

  // Providers that forward bounces (webhooks, mailbox fetchers) post each raw report here.
  await app.register(async (bounceApi) => {
    bounceApi.addContentTypeParser("message/rfc822", { parseAs: "buffer", bodyLimit: MAX_BOUNCE_BYTES }, (_request, body, done) => done(null, body));
    bounceApi.withTypeProvider<ZodTypeProvider>().post(
      "/api/v1/mail/bounces",
      {
        config: { token: { scope: "mail:bounces" } },
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: "Process one bounce or complaint report (a raw RFC 3464 delivery-status or RFC 5965 feedback report, Content-Type message/rfc822); scope mail:bounces, platform administrators only",
          response: {
            200: z.object({ recipients: z.array(z.object({ email: z.string(), kind: z.enum(["hard", "soft", "complaint"]), status_code: z.string(), is_suppressed: z.boolean() })).describe("Empty when the message is no report") }),
            ...errors,
            413: ErrorResponse,
            415: ErrorResponse,
          },
        },
      },
      async (request) => {
        const user = requireScope(request, "mail:bounces");
        if (!user.isPlatformAdmin) throw new AppError("forbidden");
        if (!Buffer.isBuffer(request.body)) throw new AppError("bad_request", "error.malformed_body");
        const outcomes = await processBounceMessage(services, request.body);
        return { recipients: outcomes.map((outcome) => ({ email: outcome.email, kind: outcome.kind, status_code: outcome.statusCode, is_suppressed: outcome.isSuppressed })) };
      },
    );
  });
}
