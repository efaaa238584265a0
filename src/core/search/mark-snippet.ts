/** The markers ts_headline is asked to put around each match: control characters no text field holds. */
export const MARK_START = '\u0001';
export const MARK_STOP = '\u0002';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * ts_headline's fragment as safe HTML: the text escaped, each match in `<mark>`. Escaping after
 * the headline (not before) keeps `&` and `<` out of the words the parser sees.
 *
 * @example markSnippet('Display \u0001glitches\u0002 <b>') // 'Display <mark>glitches</mark> &lt;b&gt;'
 */
export function markSnippet(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_STOP, '</mark>')
    .replace(/\s+/g, ' ')
    .trim();
}
