import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError, fieldErrorsFromZod, type FieldErrors } from "../errors";
import type { FormState } from "../views/forms";

export type FormResult<T> = { isValid: true; data: T } | { isValid: false; errors: FieldErrors };

/** Validates a posted form with a Zod schema, returning the field errors instead of throwing. */
export function validateForm<T extends z.ZodType>(schema: T, values: unknown): FormResult<z.infer<T>> {
  const parsed = schema.safeParse(values);
  return parsed.success ? { isValid: true, data: parsed.data } : { isValid: false, errors: fieldErrorsFromZod(parsed.error) };
}

/** The posted body as a plain record (urlencoded forms arrive as strings or string arrays). */
export function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === "object" ? { ...(body as Record<string, unknown>) } : {};
}

/** A form value that may be sent several times (checkbox groups, multi-selects) as an array. */
export function formList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return typeof value === "string" && value ? [value] : [];
}

/**
 * Runs a command for a form: on an AppError with field errors (or a validation error) it re-renders
 * the form with the user's input and the errors, status 422/409; other errors propagate.
 */
export async function runForm(
  reply: FastifyReply,
  values: Record<string, unknown>,
  render: (form: FormState) => string,
  action: () => Promise<void>,
): Promise<FastifyReply | void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && (Object.keys(error.fields).length > 0 || error.code === "validation_failed")) {
      const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
      return reply.status(error.status).type("text/html; charset=utf-8").send(render({ values, errors }));
    }
    throw error;
  }
}

/** Sends a server-rendered page. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.status(status).type("text/html; charset=utf-8").send(page);
}

/** Only same-site relative paths are followed after login, never another host. */
export function safeNextPath(next: unknown): string {
  return typeof next === "string" && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/";
}
