/**
 * The `@names` a Markdown body mentions, lower-cased, each once, in order. Code (`` `@x` ``, fenced
 * blocks) and e-mail addresses (`ana@example.com`) mention no one.
 *
 * @example parseMentions('Thanks @Ana and @qa, see `@nobody`') // ['ana', 'qa']
 */
export function parseMentions(body: string): string[] {
  const text = body.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const out: string[] = [];
  for (const m of text.matchAll(/(^|[^A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._-]{0,63})/g)) {
    const name = (m[2] ?? '').replace(/[.-]+$/, '').toLowerCase();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Who a mention reaches: `@user` that user, `@team` (a role, e.g. `@qa`) everyone holding it.
 * Names that are neither are returned as unknown, so the author can be told.
 *
 * @example resolveMentions(['ana', 'qa', 'zed'], [{ name: 'ana', roles: ['editor'] }, { name: 'quinn', roles: ['qa'] }]) // { people: ['ana', 'quinn'], unknown: ['zed'] }
 */
export function resolveMentions(
  mentions: readonly string[],
  users: readonly { readonly name: string; readonly roles: readonly string[] }[],
): { people: string[]; teams: string[]; unknown: string[] } {
  const people: string[] = [];
  const teams: string[] = [];
  const unknown: string[] = [];
  const add = (name: string) => {
    if (!people.includes(name)) people.push(name);
  };
  for (const mention of mentions) {
    const user = users.find((u) => u.name.toLowerCase() === mention);
    if (user) {
      add(user.name);
      continue;
    }
    const members = users.filter((u) => u.roles.some((r) => r.toLowerCase() === mention));
    if (members.length > 0) {
      teams.push(mention);
      for (const m of members) add(m.name);
    } else unknown.push(mention);
  }
  return { people, teams, unknown };
}
