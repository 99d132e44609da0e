import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { decodeCursor, encodeCursor, ErrorResponse } from "../api/pagination";
import { AppError, type FieldErrors } from "../errors";
import { sendPage } from "../http/forms";
import { viewContext } from "../http/context";
import { LOCALE_CODES, type Locale } from "../i18n/locales";
import { translator } from "../i18n/messages";
import type { Services } from "../services";
import type { GlossaryIndex } from "./glossary";
import type { SearchProvider, SearchViewer } from "./providers";
import { analyseQuery, MAX_QUERY_LENGTH } from "./query";
import { correctedText, runSiteSearch, SEARCH_MAX_DEPTH, SEARCH_PAGE_SIZE } from "./site-search";
import { matchedWords } from "./snippet";
import { stemSet } from "./match";
import { searchPage, type SearchPageData } from "./views";

/** A space a search may be limited to, as the viewer may see it (resolved by the spaces module). */
export type SearchSpace = { id: string; slug: string; title: string };

export type SearchRoutesOptions = {
  /** Every module's providers, in the order their facets are shown. */
  providers: readonly SearchProvider[];
  /** The glossary a query is analysed with (the knowledge module's; a space may extend it). */
  glossary?: (services: Services, spaceId?: string) => GlossaryIndex | Promise<GlossaryIndex>;
  /** The space at `slug` if the viewer may see it, else null. */
  findSpace?: (services: Services, slug: string, viewer: SearchViewer, locale: Locale) => Promise<SearchSpace | null>;
};

type SearchInput = { q: string; type?: string; space?: string; cursor?: string; limit: number };

/** Checks what was asked; every problem is a field error with a translated message. */
function validateInput(input: SearchInput, types: readonly string[], options: { isEmptyAllowed: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.q.trim() && !options.isEmptyAllowed) errors.q = { key: "search.error.q_required" };
  if (input.q.length > MAX_QUERY_LENGTH) errors.q = { key: "search.error.q_too_long", values: { max: MAX_QUERY_LENGTH } };
  if (input.type && !types.includes(input.type)) errors.type = { key: "search.error.type_unknown", values: { type: input.type.slice(0, 40), allowed: types.join(", ") } };
  return errors;
}

function offsetOf(cursor: string | undefined): number {
  const decoded = decodeCursor(cursor, 1);
  const offset = decoded ? Number(decoded[0]) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset >= SEARCH_MAX_DEPTH) throw new AppError("bad_request", "error.invalid_cursor", { cursor: { key: "error.invalid_cursor" } });
  return offset;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : "";
}

/**
 * Site-wide search: the page /search?q=&type=&space= and GET /api/v1/search. The query is analysed once
 * (stems, typo corrections, glossary concepts) and every provider — registered by the modules through their
 * manifests — answers with what the viewer may see; results are merged by score, with a facet per type.
 */
export async function searchRoutes(app: FastifyInstance, options: SearchRoutesOptions): Promise<void> {
  const services = app.services;
  const providers = options.providers;
  const types = providers.map((provider) => provider.type);

  const search = async (request: FastifyRequest, input: SearchInput, viewer: SearchViewer) => {
    let space: SearchSpace | null = null;
    if (input.space) {
      space = (await options.findSpace?.(services, input.space, viewer, request.locale)) ?? null;
      if (!space) throw new AppError("not_found", "search.error.space_unknown", { space: { key: "search.error.space_unknown", values: { space: input.space.slice(0, 60) } } }, { space: input.space.slice(0, 60) });
    }
    const offset = offsetOf(input.cursor);
    const glossary = await options.glossary?.(services, space?.id);
    const query = await analyseQuery(services.db, input.q, { locale: request.locale, ...(space ? { spaceId: space.id } : {}), ...(glossary ? { glossary } : {}) });
    const result = query.stems.length ? await runSiteSearch(services, providers, query, viewer, { type: input.type, offset, limit: input.limit, log: request.log }) : null;
    // "Did you mean" names only corrections seen in the results shown: the vocabulary holds words of every
    // published text, and a word from a space the viewer cannot see must not be suggested to them.
    const shown = stemSet(result?.hits.map((hit) => `${hit.title} ${hit.snippet}`).join(" ") ?? "");
    const seenCorrections = Object.fromEntries(Object.entries(query.corrections).map(([stem, corrected]) => [stem, corrected.filter((candidate) => shown.has(candidate))]).filter(([, corrected]) => corrected.length > 0));
    const corrected = Object.keys(seenCorrections).length ? await correctedText(services.db, { ...query, corrections: seenCorrections }) : null;
    return { space, query, offset, result, corrected };
  };

  app.get("/search", { schema: { hide: true } }, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const input: SearchInput = { q: text(raw.q), type: text(raw.type) || undefined, space: text(raw.space) || undefined, cursor: text(raw.cursor) || undefined, limit: SEARCH_PAGE_SIZE };
    const view = viewContext(request);
    const errors = validateInput(input, types, { isEmptyAllowed: true });
    const base: SearchPageData = { input: { q: input.q.slice(0, MAX_QUERY_LENGTH + 100), type: input.type ?? "", space: input.space ?? "" }, providers, errors, space: null, result: null, corrected: null, offset: 0 };
    if (Object.keys(errors).length) return sendPage(reply, searchPage(view, base), errors.q ? 422 : 400);
    if (!input.q.trim()) {
      const space = input.space ? await options.findSpace?.(services, input.space, request.user ?? undefined, request.locale) : null;
      if (input.space && !space) throw new AppError("not_found", "search.error.space_unknown", {}, { space: input.space.slice(0, 60) });
      return sendPage(reply, searchPage(view, { ...base, space: space ?? null }));
    }
    const found = await search(request, input, request.user ?? undefined);
    // a query of stop words or punctuation only has nothing to look for: said beside the field
    const wordErrors: FieldErrors = found.result ? {} : { q: { key: "search.error.words_required" } };
    return sendPage(
      reply,
      searchPage(view, { ...base, errors: wordErrors, space: found.space, result: found.result, corrected: found.corrected, offset: found.offset, query: found.query }),
      found.result ? 200 : 422,
    );
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const SearchQuerystring = z.object({
    q: z.string().max(MAX_QUERY_LENGTH).describe("What to look for, in Russian or English (a Russian query also finds English material through the glossary, and the reverse)"),
    type: types.length ? z.enum(types as [string, ...string[]]).optional().describe("Only results of this type") : z.string().max(40).optional(),
    space: z.string().max(200).optional().describe("Only results in the space with this slug"),
    lang: z.enum(LOCALE_CODES as [string, ...string[]]).optional().describe("Language of titles, snippets and messages"),
    limit: z.coerce.number().int().min(1).max(50).default(SEARCH_PAGE_SIZE),
    cursor: z.string().max(100).optional().describe("next_cursor of the previous page"),
  });
  const HitOut = z.object({
    type: z.string().describe("The result's type, one of the facets' types"),
    id: z.string(),
    title: z.string(),
    snippet: z.string().describe("Plain text around the matched words"),
    highlight: z.array(z.string()).describe("Words of the snippet and title that matched, as written there"),
    url: z.string().describe("The result's page"),
    language: z.string().nullable().describe("Language of the result's text"),
    score: z.number().describe("Relevance, roughly 0..1, comparable across types"),
    updated_at: z.string().nullable(),
  });
  const SearchOut = z.object({
    query: z.object({
      text: z.string(),
      language: z.string().nullable().describe("Language the query is written in, if it can be told"),
      corrected: z.string().nullable().describe("The query as it was probably meant, when misspelt words were also searched as known words"),
      concepts: z.array(z.string()).describe("Glossary concepts the query names (matched in both languages)"),
    }),
    total: z.number().int().describe("Matches of the types searched"),
    facets: z.array(z.object({ type: z.string(), label: z.string(), count: z.number().int(), is_lower_bound: z.boolean().describe("count is a lower bound: the type stopped counting") })),
    data: z.array(HitOut),
    next_cursor: z.string().nullable(),
  });

  typed.get(
    "/api/v1/search",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags: ["search"],
        summary: "Site-wide search over everything the caller may see: commitments, consultation contributions and what other modules register",
        description:
          "Results of every type merged by relevance, with a facet per type. Visibility follows each page's rules: private spaces, draft and members-only consultations, held or hidden contributions are never returned to those who may not see them. With a token, private material needs the private:read scope.",
        querystring: SearchQuerystring,
        response: { 200: SearchOut, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const input: SearchInput = { q: request.query.q, type: request.query.type, space: request.query.space, cursor: request.query.cursor, limit: request.query.limit };
      const errors = validateInput(input, types, { isEmptyAllowed: false });
      if (Object.keys(errors).length) throw new AppError("validation_failed", "error.validation_failed", errors);
      const found = await search(request, input, request.user ?? undefined);
      if (!found.result) throw new AppError("validation_failed", "error.validation_failed", { q: { key: "search.error.words_required" } });
      const t = translator(request.locale);
      const publicUrl = services.config.publicUrl;
      return {
        query: { text: found.query.text, language: found.query.language ?? null, corrected: found.corrected, concepts: found.query.concepts.map((concept) => concept.id) },
        total: found.result.total,
        facets: found.result.facets.map((facet) => ({ type: facet.type, label: t(facet.labelMessage), count: facet.count, is_lower_bound: facet.isLowerBound })),
        data: found.result.hits.map((hit) => ({
          type: hit.type,
          id: hit.id,
          title: hit.title,
          snippet: hit.snippet,
          highlight: matchedWords(`${hit.title} ${hit.snippet}`, hit.highlight),
          url: hit.url.startsWith("/") ? `${publicUrl}${hit.url}` : hit.url,
          language: hit.language ?? null,
          score: Math.round(hit.score * 1000) / 1000,
          updated_at: hit.updatedAt ? hit.updatedAt.toISOString() : null,
        })),
        next_cursor: found.result.nextOffset !== null ? encodeCursor([found.result.nextOffset]) : null,
      };
    },
  );
}
