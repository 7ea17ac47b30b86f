/**
 * Characters XML 1.0 does not allow anywhere, not even as character references: C0 controls
 * other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const DISALLOWED = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces each character XML cannot hold with a visible `\uXXXX` escape. */
function replaceDisallowed(value: string): string {
  return value.replace(
    DISALLOWED,
    (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** Escapes text for element content. Carriage returns become references so parsers keep them. */
export function escapeXmlText(value: string): string {
  return replaceDisallowed(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/**
 * Escapes text for a double- or single-quoted attribute value. Tabs and line breaks become
 * character references, because a parser would otherwise normalize them to spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;');
}

/** Renders `name="value"` pairs, skipping undefined values. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}
