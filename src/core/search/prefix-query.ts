/**
 * The to_tsquery text for what someone typed: each word a prefix ("glitc" finds "glitches"), every
 * word required. Only letters and digits reach to_tsquery, so no input is a syntax error there;
 * undefined when nothing searchable is left ("%", "--").
 *
 * @example prefixQuery('Display glitch') // 'display:* & glitch:*'
 */
export function prefixQuery(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : undefined;
}
