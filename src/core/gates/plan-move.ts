import type { DatabaseDef, Gate } from '../pack/pack-schema.ts';

export function initialStatus(db: DatabaseDef): string {
  return db.status.initial ?? db.status.values[0] ?? '';
}

/**
 * Whether the lifecycle allows from → to: any move when the pack lists no transitions. A record
 * stranded in a status that a newer pack version removed may move to any current status
 * (through that status's entrance gates), so it is never stuck.
 */
export function transitionAllowed(db: DatabaseDef, from: string, to: string): boolean {
  if (from === to || !db.status.values.includes(to)) return false;
  const transitions = db.status.transitions;
  if (!transitions || !db.status.values.includes(from)) return true;
  return (transitions[from] ?? []).includes(to);
}

/** The statuses a record can move to next: the listed transitions, else every other status. */
export function nextStatuses(db: DatabaseDef, from: string): string[] {
  return db.status.values.filter((to) => transitionAllowed(db, from, to));
}

/** Every gate that stands on the way from → to: exit gates of `from` and entrance gates of `to`. */
export function gatesOnTheWay(db: DatabaseDef, from: string | null, to: string): Gate[] {
  return (db.gates ?? []).filter((gate) => {
    const leaves = gate.from ? from !== null && gate.from.includes(from) : true;
    const enters = gate.into ? gate.into.includes(to) : true;
    return leaves && enters;
  });
}
