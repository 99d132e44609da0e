import type { Services } from "../../platform/services";
import { XSS } from "../../testing/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { createPost, setPostStatus } from "./commands/save-post";
import type { NewsFields } from "./inputs";
import type { NewsPost } from "./queries";

export type BuiltPost = NewsPost & { space: BuiltSpace };

/**
 * A post made through the real commands, in a public space with news switched on (made on demand), written by the
 * space's creator and published unless told otherwise. Text fields carry a script tag, so every page also proves escaping.
 */
export async function buildPost(
  services: Services,
  overrides: Partial<NewsFields> & { space?: BuiltSpace; status?: "draft" | "published" | "unpublished"; organisationId?: string | null } = {},
): Promise<BuiltPost> {
  const space = overrides.space ?? (await buildSpace(services, { enabledModules: ["news"] }));
  const fields: NewsFields = {
    kind: "news",
    slug: null,
    title: { en: `${XSS} Wetlands mapped`, ru: `${XSS} Угодья нанесены на карту` },
    lead: { en: `${XSS} Volunteers mapped the valley.`, ru: `${XSS} Волонтёры нанесли долину на карту.` },
    body: { en: `${XSS} The **survey** took nine weekends.`, ru: `${XSS} **Обследование** заняло девять выходных.` },
    related: [],
    videoLinks: [],
    quotes: [],
    topics: [],
    ...overrides,
  };
  const actor = { id: space.createdBy };
  let post = await createPost(services, actor, space.id, fields, overrides.organisationId ?? null);
  const status = overrides.status ?? "published";
  if (status !== "draft") post = await setPostStatus(services, actor, post.id, "published");
  if (status === "unpublished") post = await setPostStatus(services, actor, post.id, "unpublished");
  return { ...post, space };
}
