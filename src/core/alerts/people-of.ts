/**
 * The people named by field values (a person field's text, a people field's list), trimmed,
 * without blanks or repeats, in order.
 *
 * @example peopleOf(['dana@example.com'], 'lee', null) // ['dana@example.com', 'lee']
 */
export function peopleOf(...values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values.flat()) {
    if (v === null || v === undefined || typeof v === 'object') continue;
    const name = String(v).trim();
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out;
}
