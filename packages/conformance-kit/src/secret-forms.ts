/** Shortest encoded fragment the leak scan looks for; shorter ones match ordinary text. */
const MIN_FRAGMENT_LENGTH = 8;

/**
 * Returns the base64 text that encodes `bytes` wherever they sit in a longer input: for each of
 * the three alignments, the characters that depend on `bytes` alone. The first group of a
 * shifted alignment and the last partial group also carry neighbouring bytes, so they are cut.
 */
function base64Fragments(bytes: Buffer): string[] {
  const fragments: string[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const fullGroups = Math.floor((shift + bytes.length) / 3);
    const fragment = encoded.slice(shift === 0 ? 0 : 4, fullGroups * 4);
    if (fragment.length >= MIN_FRAGMENT_LENGTH) fragments.push(fragment);
  }
  return fragments;
}

/**
 * Returns the texts that reveal a secret value: the value itself, its URL encoding and its
 * base64 and base64url encodings at any alignment, as in a logged URL or a Basic
 * `Authorization` header.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  for (const fragment of base64Fragments(Buffer.from(secret, 'utf8'))) {
    forms.add(fragment);
    forms.add(fragment.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms].filter((form) => form.length > 0);
}
