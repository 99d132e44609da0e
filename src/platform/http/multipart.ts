import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";

export type MultipartLimits = { fileSize: number; fieldSize: number; files: number; fields: number; parts: number };

/** A file as it arrives when its name matters (`withFileNames`): the name the browser sent and its bytes. */
export type UploadedFile = { filename: string; data: Buffer };

/**
 * Lets the routes of the calling plugin take `multipart/form-data` forms (file uploads): fields arrive in
 * `request.body` as strings (arrays when repeated), files as Buffers (or `UploadedFile`s with `withFileNames`). A body that is not valid multipart — no
 * boundary, garbage, cut short — is the client's mistake and answers 400 with the usual error page or JSON,
 * never a 500: the parser (busboy) throws plain Errors, which is why the parsing runs here, where they can
 * be told apart from a failure of Convene itself. Limits keep their 413.
 */
export async function registerMultipartForms(app: FastifyInstance, limits: MultipartLimits, options: { withFileNames?: boolean } = {}): Promise<void> {
  await app.register(multipart, { limits });
  app.addHook("preValidation", async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, unknown> = {};
    try {
      for await (const part of request.parts()) {
        const value = part.type === "file" ? (options.withFileNames ? { filename: part.filename, data: await part.toBuffer() } : await part.toBuffer()) : part.value;
        const previous = body[part.fieldname];
        body[part.fieldname] = previous === undefined ? value : Array.isArray(previous) ? [...(previous as unknown[]), value] : [previous, value];
      }
    } catch (error) {
      const statusCode = (error as { statusCode?: unknown }).statusCode;
      // The plugin's own errors (limits 413, a __proto__ field 400) already say what went wrong.
      if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) throw error;
      throw new AppError("bad_request", "error.malformed_body");
    }
    request.body = body;
  });
}
