import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors";
import { viewContext } from "../http/context";
import { formBody, runForm, sendPage, validateForm } from "../http/forms";
import { emptyForm } from "../views/forms";
import { contactPath, relayKind, type RelayTarget } from "./kinds";
import { RelayMessageBody, sendRelayMessage } from "./send-message";
import { contactPage, contactSentPage } from "./views";

type ContactParams = { Params: { kind: string; id: string } };

/** The contact relay's pages: /contact/:kind/:id (form, send) and /contact/:kind/:id/sent (confirmation). */
export async function relayRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  // Per-IP burst limit on top of the hourly per-sender limit the command keeps.
  const limited = { config: { rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } }, schema: { hide: true } };
  const hidden = { schema: { hide: true } };

  /** The target, or 404 for an unknown kind or id and for a delisted target (all look the same from outside). */
  const resolve = async (request: FastifyRequest<ContactParams>): Promise<RelayTarget> => {
    const kind = relayKind(request.params.kind);
    const target = kind ? await kind.resolve(services, request.params.id, { locale: request.locale, viewer: request.user }) : null;
    if (!target || !target.recipients.length) throw new AppError("not_found");
    if (!target.canContact(request.user)) throw new AppError(request.user ? "forbidden" : "unauthenticated");
    return target;
  };

  app.get<ContactParams>("/contact/:kind/:id", hidden, async (request, reply) => {
    const target = await resolve(request);
    const user = request.user;
    const values = user ? { name: user.displayName, email: user.email } : {};
    return sendPage(reply, contactPage(viewContext(request), { target, action: contactPath(request.params.kind, request.params.id), form: emptyForm(values) }));
  });

  app.post<ContactParams>("/contact/:kind/:id", limited, async (request, reply) => {
    const target = await resolve(request);
    const body = formBody(request);
    const values = { name: body.name, email: body.email, subject: body.subject, message: body.message, consent: body.consent };
    const view = viewContext(request);
    const action = contactPath(request.params.kind, request.params.id);
    const render = (form: Parameters<typeof contactPage>[1]["form"]) => contactPage(view, { target, action, form });
    const result = validateForm(RelayMessageBody, body);
    if (!result.isValid) return sendPage(reply, render({ values, errors: result.errors }), 422);
    let isSent = false;
    const failed = await runForm(reply, values, render, async () => {
      await sendRelayMessage(services, { kind: request.params.kind, id: request.params.id, target, body: result.data, viewer: request.user, ip: request.ip });
      isSent = true;
    });
    return isSent ? reply.redirect(`${action}/sent`, 303) : failed;
  });

  app.get<ContactParams>("/contact/:kind/:id/sent", hidden, async (request, reply) => {
    const target = await resolve(request);
    return sendPage(reply, contactSentPage(viewContext(request), { target }));
  });
}
