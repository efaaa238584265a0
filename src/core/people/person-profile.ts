import { invalidInput } from '../errors.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An e-mail address as given (`--email`), trimmed; `''` clears it (null). A bad address is refused
 * naming the field.
 *
 * @example personEmail('ana', ' ana@example.com ') // 'ana@example.com'
 */
export function personEmail(user: string, raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (text.length > 254 || !EMAIL.test(text)) throw invalidInput(`'${text}' is not an e-mail address for ${user}: write it as name@example.com`, { field: 'email', value: text });
  return text.toLowerCase();
}

/** A display name as given (`--name`), trimmed; `''` clears it (the user name shows). */
export function personDisplayName(user: string, raw: string): string | null {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  if (text.length > 100 || [...text].some((c) => c.charCodeAt(0) < 32))
    throw invalidInput(`The display name for ${user} must be 1-100 printable characters`, { field: 'displayName', value: text.slice(0, 100) });
  return text;
}
