/** One entry of the decision log (seed 002): who decided what, in which scope, on what evidence. */
export interface Decision {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly scope: string;
  readonly action: string;
  readonly summary: string;
  readonly rationale: string | null;
  readonly recordId: string | null;
  readonly recordKey: string | null;
  readonly evidence: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
}
