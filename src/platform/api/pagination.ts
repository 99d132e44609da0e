import { z } from "zod";
import { AppError } from "../errors";

/**
 * Opaque cursors for keyset pagination: the sort key of the last row seen, base64url-encoded JSON.
 * Clients pass `cursor` back unchanged; a tampered cursor is a 400, never a 500.
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/**
 * The error for a cursor that cannot be read: a 400 (`bad_request`) naming the `cursor` field. A cursor is an opaque
 * value the client was to send back unchanged, so a broken one is malformed syntax; a value the client chooses (a
 * `limit` out of range, an unknown filter) is a 422 `validation_failed` instead. Both name the field.
 */
export function invalidCursor(): AppError {
  return new AppError("bad_request", "error.invalid_cursor", { cursor: { key: "error.invalid_cursor" } });
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (!cursor) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity && values.every((value) => typeof value === "string" || typeof value === "number")) return values;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The envelope every list endpoint returns. */
export function pageEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Access-control helpers shared by API routes. */
export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()) }) });
