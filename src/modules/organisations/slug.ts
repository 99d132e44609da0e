// Cyrillic → Latin for URLs and search, close to the common passport-style romanisation. Covers Russian,
// Kazakh, Kyrgyz, Ukrainian and Belarusian letters, since many actors in Central Asia name themselves in them.
const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "i", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "iu", я: "ia",
  ә: "a", ғ: "g", қ: "q", ң: "ng", ө: "o", ұ: "u", ү: "u", һ: "h", і: "i", ї: "i", є: "ie", ґ: "g", ў: "u",
};

/** Replaces Cyrillic letters with Latin ones; everything else is kept (lower case). */
export function transliterate(text: string): string {
  let result = "";
  for (const character of text.toLowerCase()) result += CYRILLIC[character] ?? character;
  return result;
}

const MAX_SLUG_LENGTH = 60;

/** Paths under /organisations/ that are pages, not organisations. */
export const RESERVED_SLUGS = new Set(["new", "edit", "members", "invitations", "api"]);

/**
 * A URL slug from a name: transliterated, accents dropped, words joined by hyphens, at most 60 characters
 * (cut at a hyphen). "organisation" when nothing usable is left, e.g. for a name in Chinese or Arabic.
 */
export function slugify(name: string): string {
  const ascii = transliterate(name)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  let slug = ascii;
  if (slug.length > MAX_SLUG_LENGTH) {
    slug = slug.slice(0, MAX_SLUG_LENGTH);
    const lastHyphen = slug.lastIndexOf("-");
    if (lastHyphen > 20) slug = slug.slice(0, lastHyphen);
    slug = slug.replace(/-+$/, "");
  }
  return slug || "organisation";
}
