const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r",
  с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** A URL slug (a–z, 0–9, hyphens, ≤ 60) from a title in any of our languages (Russian transliterated), or `fallback`. */
export function slugify(title: string, fallback: string): string {
  const latin = [...title.toLowerCase()].map((character) => CYRILLIC[character] ?? character).join("");
  const slug = latin.normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/g, "");
  return slug || fallback;
}
