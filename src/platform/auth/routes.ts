import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../errors";
import { viewContext } from "../http/context";
import { formBody, runForm, safeNextPath, sendPage, validateForm } from "../http/forms";
import { setFlash } from "../http/plugin";
import { API_SCOPES, type ApiScope, createApiToken, listApiTokens, revokeApiToken } from "../api/tokens";
import { emptyForm, type FormState } from "../views/forms";
import { users } from "../schema";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import { AccountUpdateBody, Email, LoginBody, NewPassword, RegisterBody } from "./inputs";
import { requireUser } from "./guards";
import { endSession, startSession } from "./sessions";
import { registerUser } from "./commands/register-user";
import { verifyEmail } from "./commands/verify-email";
import { logIn } from "./commands/log-in";
import { requestPasswordReset, resetPassword } from "./commands/reset-password";
import { changePassword, updateAccount } from "./commands/update-account";
import { exportAccount } from "./commands/export-account";
import { deleteAccount } from "./commands/delete-account";
import { isEmailTokenUsable, sendEmailToken } from "./commands/email-tokens";
import { confirmEmailChange, requestEmailChange } from "./commands/change-email";
import * as views from "./views";

/** Account pages: register, verify, log in/out, reset password, account settings, tokens, export, delete. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const isSecure = services.config.publicUrl.startsWith("https://");
  // Per-IP limits on the endpoints that guess or send mail; the per-account lockout is in logIn.
  const limited = { config: { rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } }, schema: { hide: true } };
  const hidden = { schema: { hide: true } };

  app.get("/register", hidden, async (request, reply) => sendPage(reply, views.registerPage(viewContext(request), emptyForm({ locale: request.locale }))));
  app.post("/register", limited, async (request, reply) => {
    const body = formBody(request);
    const view = viewContext(request);
    const result = validateForm(RegisterBody, body);
    if (!result.isValid) return sendPage(reply, views.registerPage(view, { values: body, errors: result.errors }), 422);
    return runForm(reply, body, (form) => views.registerPage(view, form), async () => {
      await registerUser(services, result.data);
      sendPage(reply, views.checkEmailPage(view, result.data.email));
    });
  });

  app.get("/verify-email", hidden, async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).token ?? "");
    return sendPage(reply, views.verifyEmailPage(viewContext(request), token));
  });
  app.post("/verify-email", limited, async (request, reply) => {
    const token = String(formBody(request).token ?? "");
    await verifyEmail(services, token);
    setFlash(reply, "auth.verify.done");
    return reply.redirect("/login", 303);
  });

  app.post("/resend-verification", limited, async (request, reply) => {
    const email = Email.safeParse(formBody(request).email);
    if (email.success) {
      const [user] = await services.db.select().from(users).where(eq(users.email, email.data)).limit(1);
      if (user && !user.emailVerifiedAt && !user.deletedAt) {
        await sendEmailToken(services, { userId: user.id, email: user.email, locale: user.locale, name: user.displayName, purpose: "verify_email" });
      }
    }
    return sendPage(reply, views.checkEmailPage(viewContext(request), email.success ? email.data : ""));
  });

  app.get("/login", hidden, async (request, reply) => {
    if (request.user) return reply.redirect("/", 303);
    const next = (request.query as Record<string, unknown>).next;
    return sendPage(reply, views.loginPage(viewContext(request), emptyForm({ next: safeNextPath(next) })));
  });
  app.post("/login", limited, async (request, reply) => {
    const body = formBody(request);
    const view = viewContext(request);
    const values = { email: body.email, next: body.next };
    const result = validateForm(LoginBody, body);
    if (!result.isValid) return sendPage(reply, views.loginPage(view, { values, errors: result.errors }), 422);
    try {
      const { userId } = await logIn(services, result.data);
      await startSession(services.db, services.clock, reply, userId, request.headers["user-agent"], { isSecure });
      return reply.redirect(safeNextPath(body.next), 303);
    } catch (error) {
      if (error instanceof AppError) return sendPage(reply, views.loginPage(view, { values, errors: { _: { key: error.messageKey, values: error.values } } }), error.status);
      throw error;
    }
  });

  app.post("/logout", hidden, async (request, reply) => {
    if (request.authentication.kind === "session") await endSession(services.db, request.authentication.sessionId, reply);
    return reply.redirect("/", 303);
  });

  app.get("/forgot-password", hidden, async (request, reply) => sendPage(reply, views.forgotPasswordPage(viewContext(request), emptyForm(), false)));
  app.post("/forgot-password", limited, async (request, reply) => {
    const body = formBody(request);
    const result = validateForm(z.object({ email: Email }), body);
    if (!result.isValid) return sendPage(reply, views.forgotPasswordPage(viewContext(request), { values: body, errors: result.errors }, false), 422);
    await requestPasswordReset(services, result.data.email);
    return sendPage(reply, views.forgotPasswordPage(viewContext(request), emptyForm(), true));
  });

  app.get("/reset-password", hidden, async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).token ?? "");
    return sendPage(reply, views.resetPasswordPage(viewContext(request), emptyForm({ token })));
  });
  app.post("/reset-password", limited, async (request, reply) => {
    const body = formBody(request);
    const view = viewContext(request);
    const values = { token: body.token };
    const result = validateForm(z.object({ token: z.string().min(1), password: NewPassword }), body);
    if (!result.isValid) return sendPage(reply, views.resetPasswordPage(view, { values, errors: result.errors }), 422);
    try {
      await resetPassword(services, result.data.token, result.data.password);
    } catch (error) {
      if (error instanceof AppError) return sendPage(reply, views.resetPasswordPage(view, { values, errors: { _: { key: error.messageKey } } }), error.status);
      throw error;
    }
    setFlash(reply, "auth.reset.done");
    return reply.redirect("/login", 303);
  });

  const renderAccount = async (request: FastifyRequest, reply: FastifyReply, forms: { profile?: FormState; password?: FormState; email?: FormState; token?: FormState; newToken?: string } = {}, status = 200) => {
    const user = requireUser(request);
    const [row] = await services.db.select().from(users).where(eq(users.id, user.id));
    const profile = forms.profile ?? emptyForm({ displayName: row.displayName, locale: row.locale, notificationEmail: row.notificationSettings.email ?? "immediately", notificationNews: row.notificationSettings.news ?? false });
    const tokens = await listApiTokens(services.db, user.id);
    return sendPage(reply, views.accountPage(viewContext(request), profile, forms.password ?? emptyForm(), forms.email ?? emptyForm(), forms.token ?? emptyForm(), tokens, forms.newToken ?? null), status);
  };

  app.get("/account", hidden, async (request, reply) => renderAccount(request, reply));
  app.post("/account", hidden, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    const result = validateForm(AccountUpdateBody, { ...body, notificationNews: Boolean(body.notificationNews) });
    if (!result.isValid) return renderAccount(request, reply, { profile: { values: body, errors: result.errors } }, 422);
    await updateAccount(services, user.id, result.data);
    // The saved language takes effect at once, also over an older switcher cookie.
    reply.setCookie("convene_lang", result.data.locale, { path: "/", sameSite: "lax", maxAge: 365 * 86_400, secure: isSecure });
    setFlash(reply, "form.saved");
    return reply.redirect("/account", 303);
  });
  app.post("/account/password", limited, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    const result = validateForm(z.object({ currentPassword: z.string().min(1), newPassword: NewPassword }), body);
    if (!result.isValid) return renderAccount(request, reply, { password: { values: {}, errors: result.errors } }, 422);
    try {
      const current = request.authentication.kind === "session" ? request.authentication.sessionId : undefined;
      await changePassword(services, user.id, result.data.currentPassword, result.data.newPassword, current);
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return renderAccount(request, reply, { password: { values: {}, errors: error.fields } }, error.status);
      throw error;
    }
    setFlash(reply, "account.password_changed");
    return reply.redirect("/account", 303);
  });
  app.post("/account/email", limited, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    // The typed address is kept on error; the password never is.
    const values = { newEmail: body.newEmail };
    const result = validateForm(z.object({ newEmail: Email, password: z.string().min(1).max(200) }), body);
    if (!result.isValid) return renderAccount(request, reply, { email: { values, errors: result.errors } }, 422);
    try {
      await requestEmailChange(services, user.id, result.data);
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return renderAccount(request, reply, { email: { values, errors: error.fields } }, error.status);
      throw error;
    }
    setFlash(reply, "account.email_change_sent");
    return reply.redirect("/account", 303);
  });
  // The link in the mail opens a page with a button: a GET (a mail scanner following links) changes nothing.
  app.get("/account/email/confirm", hidden, async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).token ?? "");
    if (!token || !(await isEmailTokenUsable(services.db, services.clock.now(), token, "change_email"))) throw new AppError("bad_request", "error.token_invalid");
    return sendPage(reply, views.confirmEmailChangePage(viewContext(request), token));
  });
  app.post("/account/email/confirm", limited, async (request, reply) => {
    const token = String(formBody(request).token ?? "");
    await confirmEmailChange(services, token);
    setFlash(reply, "account.email_changed");
    return reply.redirect(request.user ? "/account" : "/login", 303);
  });
  app.post("/account/tokens", hidden, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    const scopes = API_SCOPES.filter((scope) => body[`scope.${scope}`]) as ApiScope[];
    const result = validateForm(z.object({ name: z.string().trim().min(1).max(100) }), body);
    if (!result.isValid) return renderAccount(request, reply, { token: { values: body, errors: result.errors } }, 422);
    const { id, secret } = await createApiToken(services.db, { userId: user.id, name: result.data.name, scopes });
    await recordAudit(services.db, { actorUserId: user.id, action: "api_token.created", subjectType: "api_token", subjectId: id, details: { scopes }, ip: request.ip });
    return renderAccount(request, reply, { newToken: secret });
  });
  app.post<{ Params: { id: string } }>("/account/tokens/:id/revoke", hidden, async (request, reply) => {
    const user = requireUser(request);
    if (!z.uuid().safeParse(request.params.id).success) throw new AppError("not_found");
    if (await revokeApiToken(services.db, services.clock, user.id, request.params.id)) {
      await recordAudit(services.db, { actorUserId: user.id, action: "api_token.revoked", subjectType: "api_token", subjectId: request.params.id, ip: request.ip });
    }
    setFlash(reply, "account.token_revoked");
    return reply.redirect("/account", 303);
  });

  app.get("/account/export", hidden, async (request, reply) => {
    const user = requireUser(request);
    const data = await exportAccount(services, user.id);
    return reply
      .header("content-disposition", `attachment; filename="convene-account-${user.id}.json"`)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify(data, null, 2));
  });

  app.get("/account/delete", hidden, async (request, reply) => {
    requireUser(request);
    return sendPage(reply, views.deleteAccountPage(viewContext(request), emptyForm()));
  });
  app.post("/account/delete", limited, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    return runForm(reply, {}, (form) => views.deleteAccountPage(viewContext(request), form), async () => {
      await deleteAccount(services, user.id, String(body.password ?? ""));
      reply.clearCookie("convene_session", { path: "/" });
      setFlash(reply, "account.deleted");
      reply.redirect("/", 303);
    });
  });
}
