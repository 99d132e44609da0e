/**
 * The primary action in a detail page's header (pageHeader): the href of its primary link, or the action of the
 * form whose button is primary. Undefined when the header offers no primary action to this viewer.
 */
export function primaryAction(body: string): string | undefined {
  const actions = /<div class="page-actions">([\s\S]*?)<\/div>\s*<\/header>/.exec(body)?.[1];
  if (!actions) return undefined;
  const link = /^\s*<a class="button" href="([^"]*)"/.exec(actions)?.[1];
  if (link) return link.replace(/&amp;/g, "&");
  const form = /^\s*<form method="post" action="([^"]*)"[^>]*>(?:(?!<\/form>)[\s\S])*<button type="submit">/.exec(actions)?.[1];
  return form?.replace(/&amp;/g, "&");
}
