import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../html";
import { viewContext, type ViewContext } from "../http/context";
import { sendPage } from "../http/forms";
import { renderPage } from "../views/layout";
import { scrollableTable } from "../views/table";

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; items?: Schema; description?: string; nullable?: boolean; properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[]; oneOf?: Schema[] };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
};
type OpenApiDocument = { info: { title: string; description?: string; version: string }; paths: Record<string, Record<string, Operation>> };

const METHODS = ["get", "post", "put", "patch", "delete"];

/** A short type name for a schema: "string (date-time)", "array of integer", "one of: a, b". */
function typeName(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.enum?.length) return schema.enum.map(String).join(" | ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeName).filter(Boolean).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "");
  if (type === "array") return `${type}<${typeName(schema.items)}>`;
  return schema.format ? `${type} (${schema.format})` : type;
}

function fieldsTable(view: ViewContext, caption: string, rows: { name: string; where?: string; type: string; isRequired: boolean; description?: string }[]): SafeHtml {
  const { t } = view;
  const hasWhere = rows.some((row) => row.where);
  return html`${scrollableTable(caption, html`<table>
  <caption>${caption}</caption>
  <thead><tr><th scope="col">${t("api_reference.name")}</th>${hasWhere ? html`<th scope="col">${t("api_reference.in")}</th>` : ""}<th scope="col">${t("api_reference.type")}</th><th scope="col">${t("api_reference.required")}</th><th scope="col">${t("api_reference.description")}</th></tr></thead>
  <tbody>${rows.map((row) => html`<tr><td><code>${row.name}</code></td>${hasWhere ? html`<td>${row.where ?? ""}</td>` : ""}<td><code>${row.type}</code></td><td>${row.isRequired ? t("api_reference.yes") : t("api_reference.no")}</td><td>${row.description ?? ""}</td></tr>`)}</tbody>
</table>`)}`;
}

function anchorOf(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "");
}

function operationSection(view: ViewContext, method: string, path: string, operation: Operation): SafeHtml {
  const { t } = view;
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const bodyFields = Object.entries(body?.properties ?? {}).map(([name, schema]) => ({ name, type: typeName(schema), isRequired: Boolean(body?.required?.includes(name)), description: schema.description }));
  const parameters = (operation.parameters ?? []).map((parameter) => ({
    name: parameter.name,
    where: parameter.in,
    type: typeName(parameter.schema),
    isRequired: Boolean(parameter.required),
    description: parameter.description ?? parameter.schema?.description,
  }));
  return html`<section class="api-operation" id="${anchorOf(method, path)}">
  <h3><code class="api-method">${method.toUpperCase()}</code> <code class="api-path">${path}</code></h3>
  ${operation.summary ? html`<p>${operation.summary}</p>` : ""}
  ${operation.description ? html`<p>${operation.description}</p>` : ""}
  ${operation.security?.length ? html`<p class="muted">${t("api_reference.needs_token")}</p>` : ""}
  ${parameters.length ? fieldsTable(view, t("api_reference.parameters"), parameters) : ""}
  ${bodyFields.length ? fieldsTable(view, t("api_reference.body"), bodyFields) : ""}
  <p><strong>${t("api_reference.responses")}</strong> ${Object.entries(operation.responses ?? {}).map(([status, response], index) =>
    html`${index ? ", " : ""}<code>${status}</code>${response.description && response.description !== "Default Response" ? ` ${response.description}` : ""}`,
  )}</p>
</section>`;
}

/**
 * The API reference as an ordinary Convene page, generated from the OpenAPI document: readable without
 * JavaScript, in the interface language, and held to the same accessibility checks as every other page
 * (Swagger UI failed contrast and labelling checks and showed nothing without JavaScript).
 */
export function apiReferencePage(view: ViewContext, document: OpenApiDocument): string {
  const { t } = view;
  const groups = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return renderPage(view, {
    title: t("api_reference.title"),
    body: html`<h1>${t("api_reference.title")}</h1>
<p class="lead">${t("api_reference.lead")}</p>
<p>${t("api_reference.auth")}</p>
<p><a href="/api/openapi.json">${t("api_reference.openapi", { version: document.info.version })}</a></p>
<nav aria-labelledby="api-contents"><h2 id="api-contents">${t("api_reference.contents")}</h2>
<ul>${[...groups.keys()].map((tag) => html`<li><a href="#tag-${tag}">${tag}</a></li>`)}</ul></nav>
${[...groups.entries()].map(([tag, operations]) => html`<section aria-labelledby="tag-${tag}"><h2 id="tag-${tag}">${tag}</h2>
${operations.map((entry) => operationSection(view, entry.method, entry.path, entry.operation))}
</section>`)}`,
  });
}

/** /api/docs: the reference page; the machine-readable document stays at /api/openapi.json. */
export async function apiReferenceRoutes(app: FastifyInstance): Promise<void> {
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, apiReferencePage(viewContext(request), app.swagger() as unknown as OpenApiDocument));
  app.get("/api/docs", { schema: { hide: true } }, handler);
  app.get("/api/docs/", { schema: { hide: true } }, handler);
}
