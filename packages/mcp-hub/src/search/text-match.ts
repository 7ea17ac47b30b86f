/** Words too common to tell programs apart. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'any',
  'at',
  'for',
  'i',
  'in',
  'is',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'the',
  'to',
  'with',
  'kid',
  'kids',
  'child',
  'children',
  'son',
  'daughter',
  'near',
]);

/** Consonants whose doubling is part of the stem ("class", "ball", "buzz"), not inflection. */
const KEEP_DOUBLED = new Set(['l', 's', 'z']);

function undouble(stem: string): string {
  const last = stem.at(-1);
  if (stem.length > 3 && last && last === stem.at(-2) && !KEEP_DOUBLED.has(last)) {
    return stem.slice(0, -1);
  }
  return stem;
}

/**
 * Reduces an English word to a light stem so that inflections meet: "swimming" and "swim",
 * "classes" and "class", "dancing" and "dance" give the same stem. It handles plural `s`,
 * `ies`, `ing`, `ed` and a final silent `e`; it is not a full Porter stemmer.
 */
export function stem(word: string): string {
  let result = word.toLowerCase();
  if (result.length <= 3) return result;

  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (/(ss|x|z|ch|sh)es$/.test(result)) result = result.slice(0, -2);
  else if (result.endsWith('s') && !/(ss|us|is)$/.test(result)) result = result.slice(0, -1);

  if (result.endsWith('ing') && result.length > 5) result = undouble(result.slice(0, -3));
  else if (result.endsWith('ed') && result.length > 4) result = undouble(result.slice(0, -2));

  if (result.endsWith('e') && result.length > 3) result = result.slice(0, -1);
  return result;
}

/** Splits text into the stems of its words, dropping stop words. */
export function stems(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word)).map(stem);
}

/**
 * Scores how well a query matches a program's text, as the share of query stems found among
 * the text's stems. A query stem of four or more letters also matches a longer text stem that
 * begins with it ("camp" finds "campers"). Returns 0 for no match, and 1 when every query word
 * matched or the query has no content words.
 */
export function matchScore(query: string, text: string): number {
  const queryStems = [...new Set(stems(query))];
  if (queryStems.length === 0) return 1;
  const available = new Set(stems(text));

  let found = 0;
  for (const queryStem of queryStems) {
    if (available.has(queryStem)) found += 1;
    else if (queryStem.length >= 4 && [...available].some((word) => word.startsWith(queryStem))) {
      found += 1;
    }
  }
  return found / queryStems.length;
}
