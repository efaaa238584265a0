/**
 * DevLake's median: `max(v)` over the rows whose `percent_rank() over (order by v)` is at most
 * 0.5. With no nulls that is the lower median, `sorted[floor((n - 1) / 2)]`; it never averages
 * the two middle values. Nulls sort first and take part in the ranking, but are never the answer.
 *
 * @example lowerMedian([1598, 4478, 10203]) // 4478
 * @example lowerMedian([90, 300, 1000, 1439]) // 300
 */
export function lowerMedian(values: readonly (number | null)[]): number | null {
  let best: number | null = null;
  for (const { value, rank } of percentRanks(values)) {
    if (value !== null && rank <= 0.5 && (best === null || value > best)) best = value;
  }
  return best;
}

/**
 * The variant of DevLake's six-month deployment-days figure: `min(v)` over the rows whose
 * percent rank is at least 0.5 (an upper median). Null when no row qualifies.
 *
 * @example upperMedianIndex([0, 5]) // 1 (the row holding 5)
 */
export function upperMedianIndex(values: readonly number[]): number | null {
  let best: number | null = null;
  percentRanks(values).forEach(({ value, rank, index }) => {
    if (value !== null && rank >= 0.5 && (best === null || value < (values[best] ?? Number.POSITIVE_INFINITY))) best = index;
  });
  return best;
}

interface Ranked {
  readonly value: number | null;
  readonly index: number;
  /** SQL percent_rank(): (rank - 1) / (rows - 1), 0 for a single row; ties share the lowest rank. */
  readonly rank: number;
}

function percentRanks(values: readonly (number | null)[]): Ranked[] {
  const sorted = values.map((value, index) => ({ value, index })).sort((a, b) => compareNullsFirst(a.value, b.value));
  const n = sorted.length;
  const out: Ranked[] = [];
  let groupStart = 0;
  sorted.forEach((row, i) => {
    if (i > 0 && compareNullsFirst(sorted[i - 1]?.value ?? null, row.value) !== 0) groupStart = i;
    out.push({ ...row, rank: n <= 1 ? 0 : groupStart / (n - 1) });
  });
  return out;
}

function compareNullsFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}
