/** The seed modules the sidebar groups databases by (docs/UX: Delivery, Quality & Ops, Business, People & Rituals, Governance). */
export const MODULES = ['Delivery', 'Quality & Ops', 'Business', 'People & Rituals', 'Governance'] as const;
export type ModuleName = (typeof MODULES)[number] | 'Other';

// engineering-os databases by module, for a server that doesn't say (GET /databases `module`).
const BY_DATABASE: Record<string, ModuleName> = {
  'work-items': 'Delivery',
  'design-notes': 'Delivery',
  releases: 'Delivery',
  deliverables: 'Delivery',
  projects: 'Delivery',
  requirements: 'Delivery',
  icds: 'Delivery',
  adrs: 'Delivery',
  'bom-items': 'Delivery',
  docs: 'Delivery',
  baselines: 'Delivery',
  'work-instructions': 'Delivery',
  'micro-prototypes': 'Delivery',
  incidents: 'Quality & Ops',
  runbooks: 'Quality & Ops',
  tests: 'Quality & Ops',
  defects: 'Quality & Ops',
  'reliability-tests': 'Quality & Ops',
  'inspection-lots': 'Quality & Ops',
  'security-privacy-safety': 'Quality & Ops',
  services: 'Quality & Ops',
  postmortems: 'Quality & Ops',
  dfx: 'Quality & Ops',
  'pilot-lots': 'Quality & Ops',
  'beta-cohort': 'Quality & Ops',
  'known-issues': 'Quality & Ops',
  returns: 'Quality & Ops',
  metrics: 'Quality & Ops',
  experiments: 'Quality & Ops',
  'budget-cost-model': 'Business',
  'unit-economics': 'Business',
  'gtm-comms': 'Business',
  procurement: 'Business',
  suppliers: 'Business',
  'value-engineering': 'Business',
  competitors: 'Business',
  interviews: 'Business',
  'jobs-pains': 'Business',
  'customer-calls': 'Business',
  teams: 'People & Rituals',
  rituals: 'People & Rituals',
  retros: 'People & Rituals',
  handoffs: 'People & Rituals',
  'status-updates': 'People & Rituals',
  'weekly-reviews': 'People & Rituals',
  'training-sessions': 'People & Rituals',
  initiatives: 'People & Rituals',
  'action-items': 'People & Rituals',
  'change-control': 'Governance',
  'ip-legal-compliance': 'Governance',
  'gate-reviews': 'Governance',
  'release-reviews': 'Governance',
  'doc-change-log': 'Governance',
  'risk-register': 'Governance',
  'end-of-life': 'Governance',
};

/**
 * The module a database belongs to: the server's word when it gives one, else engineering-os's grouping.
 *
 * @example moduleOf({ id: 'incidents' }) // 'Quality & Ops'
 */
export function moduleOf(db: { id: string; module?: string | null }): string {
  return db.module || BY_DATABASE[db.id] || 'Other';
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
