import type { Store } from '../../store/store.ts';

/** What the people-and-tokens use cases need: the store, the workspace and the clock. A Session is one. */
export interface AuthScope {
  readonly store: Store;
  readonly workspaceId: string;
  readonly clock?: () => Date;
}

export function nowOf(scope: AuthScope): Date {
  return scope.clock ? scope.clock() : new Date();
}
