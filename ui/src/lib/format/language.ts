/** Languages are stored lower-case ("english", "pt-br"); shown with capitals, or "—" when unknown. */
export function formatLanguage(language: string | null | undefined): string {
  if (!language) return "—";
  return language.replace(/(^|[\s-])(\p{L})/gu, (_, start: string, letter: string) => start + letter.toUpperCase());
}
