/** The seed modules the sidebar groups databases by (docs/UX: Delivery, Quality & Ops, Business, People & Rituals, Governance). */
export const MODULES = ['Delivery', 'Quality & Ops', 'Business', 'People & Rituals', 'Governance'] as const;
export type ModuleName = (typeof MODULES)[number] | 'Other';

/**
 * The module a database belongs to, as its pack says (`module:`), or Other.
 *
 * @example moduleOf({ id: 'incidents', module: 'Quality & Ops' }) // 'Quality & Ops'
 */
export function moduleOf(db: { id: string; module?: string | null }): string {
  return db.module || 'Other';
}

/** Databases grouped by module, modules in the seed order, databases by name within each. */
export function groupByModule<T extends { id: string; name: string; module?: string | null }>(databases: readonly T[]): { module: string; databases: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const db of databases) {
    const module = moduleOf(db);
    groups.set(module, [...(groups.get(module) ?? []), db]);
  }
  const rank = (module: string) => {
    const index = (MODULES as readonly string[]).indexOf(module);
    return index === -1 ? MODULES.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([module, dbs]) => ({ module, databases: [...dbs].sort((a, b) => a.name.localeCompare(b.name)) }));
}
