import type { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "payload_too_large"
  | "internal";

// The one rule for bad input: `bad_request` (400) when the request itself is malformed — broken URL encoding, a
// body that does not parse, bytes no column can hold, an opaque value (a pagination cursor, a mailed token) that
// was to come back unchanged and did not; `validation_failed` (422) for a well-formed value that is not acceptable
// (a missing field, a limit out of range, an unknown choice). Either way the message is translated and the
// field is named in `fields`.
const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** A field's problem: a message key (translated when shown) and the ICU values it needs. */
export type FieldError = { key: string; values?: Record<string, string | number> };
export type FieldErrors = Record<string, FieldError>;

/**
 * The one error type for expected failures. `messageKey` is translated for the client;
 * `fields` carries per-field problems for forms and the API.
 */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly messageKey: string = `error.${code}`,
    public readonly fields: FieldErrors = {},
    public readonly values: Record<string, string | number> = {},
  ) {
    super(`${code}: ${messageKey}`);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function statusForCode(code: ErrorCode): number {
  return STATUS[code];
}

export const notFound = (messageKey = "error.not_found") => new AppError("not_found", messageKey);
export const forbidden = (messageKey = "error.forbidden") => new AppError("forbidden", messageKey);
export const conflict = (messageKey = "error.conflict", fields: FieldErrors = {}) => new AppError("conflict", messageKey, fields);
export const validationFailed = (fields: FieldErrors) => new AppError("validation_failed", "error.validation_failed", fields);

/** Turns Zod issues into field errors with message keys the i18n catalogue knows. */
export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "_";
    if (fields[field]) continue;
    fields[field] = fieldErrorFromIssue(issue);
  }
  return fields;
}

type Issue = ZodError["issues"][number];

/** One Zod issue as a translatable field error. */
export function fieldErrorFromIssue(issue: Issue): FieldError {
  // A custom refinement may carry its own message key in `message` ("validation.*").
  if (issue.message.startsWith("validation.")) return { key: issue.message };
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? { key: "validation.required" } : { key: "validation.invalid_value" };
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? { key: "validation.required" } : { key: "validation.too_short", values: { min: Number(issue.minimum) } };
      return { key: "validation.too_small", values: { min: Number(issue.minimum) } };
    case "too_big":
      if (issue.origin === "string") return { key: "validation.too_long", values: { max: Number(issue.maximum) } };
      return { key: "validation.too_big", values: { max: Number(issue.maximum) } };
    case "invalid_format":
      if (issue.format === "email") return { key: "validation.invalid_email" };
      if (issue.format === "url") return { key: "validation.invalid_url" };
      return { key: "validation.invalid_format" };
    case "invalid_value":
      return { key: "validation.invalid_choice" };
    default:
      return { key: "validation.invalid_value" };
  }
}
