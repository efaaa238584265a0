/** One stored tick of an SOP step, with the step's text as it read when it was ticked. */
export interface SopTick {
  readonly step: number;
  readonly stepText: string;
  readonly checkedBy: string;
  readonly checkedAt: string;
}

export interface SopStep {
  /** 1-based, as the SOP numbers its steps. */
  readonly step: number;
  readonly text: string;
  readonly done: boolean;
  readonly checkedBy: string | null;
  readonly checkedAt: string | null;
}

export interface SopChecklist {
  readonly steps: readonly SopStep[];
  readonly done: number;
  readonly total: number;
}

/**
 * A record's SOP checklist: each step of the database's SOP, done where a tick of it was
 * stored under the same text. A pack upgrade that rewrites a step leaves its old tick
 * unmatched, so the step shows unticked until someone ticks the new text.
 *
 * @example sopChecklist(['Submit.', 'Review.'], [{ step: 1, stepText: 'Submit.', checkedBy: 'ana', checkedAt: '…' }]) // { done: 1, total: 2, steps: [...] }
 */
export function sopChecklist(sop: readonly string[] | undefined, ticks: readonly SopTick[]): SopChecklist {
  const byStep = new Map(ticks.map((t) => [t.step, t]));
  const steps = (sop ?? []).map((text, i): SopStep => {
    const tick = byStep.get(i + 1);
    const done = tick?.stepText === text;
    return { step: i + 1, text, done, checkedBy: done ? (tick?.checkedBy ?? null) : null, checkedAt: done ? (tick?.checkedAt ?? null) : null };
  });
  return { steps, done: steps.filter((s) => s.done).length, total: steps.length };
}

/** `Changes'` and `Change Control's`: the owner's SOP in a message. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}
