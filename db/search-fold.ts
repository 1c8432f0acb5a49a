/**
 * The search form of a name: lower case, without accents (ż → z, ó → o, й → и), ł → l, and for
 * Cyrillic text its Latin transliteration too (Bulgarian streamlined system: "Иванова" → also
 * "ivanova"), so "żółkiewska", "ŁUCJA", "gasiorowska", "иванова" and "ivanova" find their person.
 * SQLite's own LOWER and LIKE fold ASCII only. Registered on every connection as the SQL function
 * `search_fold` (db/client.ts), which the residents' search column is written with (decision 025).
 */
const LETTERS: Record<string, string> = { ł: "l", đ: "d", ø: "o", ß: "ss", æ: "ae", œ: "oe", ı: "i" };
const BG_LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sht",
  ъ: "a",
  ь: "y",
  ю: "yu",
  я: "ya",
  ё: "yo",
  ы: "y",
  э: "e",
};

const stripMarks = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC");

export function searchFold(text: string | null | undefined): string {
  if (!text) return "";
  const lower = text.toLowerCase().replace(/[łđøßæœı]/g, (c) => LETTERS[c]!);
  const folded = stripMarks(lower).replace(/\s+/g, " ").trim();
  if (!/[\u0400-\u04ff]/.test(lower)) return folded;
  const latin = stripMarks(lower.replace(/[\u0400-\u04ff]/g, (c) => BG_LATIN[c] ?? c))
    .replace(/\s+/g, " ")
    .trim();
  return `${folded} ${latin}`;
}

/** The words of a search query, folded; each must occur in the search column. */
export function searchWords(query: string): string[] {
  return stripMarks(query.toLowerCase().replace(/[łđøßæœı]/g, (c) => LETTERS[c]!))
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
}
