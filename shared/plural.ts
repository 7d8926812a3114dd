// Counted nouns in the proxy's and the planner's own sentences, English and German: "1 row is invalid", "2 rows
// are invalid" — never "1 row(s)". The extension's catalogue sentences have their own (countSentence).
export function isOne(count: number, lang: 'en' | 'de' = 'en'): boolean {
  return new Intl.PluralRules(lang).select(count) === 'one';
}

/** `one` when the language speaks of one thing, else `other`. */
export function plural(count: number, one: string, other: string, lang: 'en' | 'de' = 'en'): string {
  return isOne(count, lang) ? one : other;
}
