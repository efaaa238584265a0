import { mondayOf, monthOf, utcDay, windowDays } from './calendar.ts';
import type { DoraCategory, DoraReport } from './dora-levels.ts';
import { lowerMedian, upperMedianIndex } from './lower-median.ts';

export interface DeploymentFrequency {
  readonly deployments: number;
  readonly deployDays: number;
  readonly medianDeployDaysPerWeek: number;
  readonly medianDeployDaysPerMonth: number;
  /** DevLake's six-month figure: null when too few six-month sample points (the N/A quirk). */
  readonly medianDeployDaysPerSixMonths: number | null;
  /** DevLake's `is_collected` gate: months with a deployment in the sampled six-month frames. */
  readonly sixMonthGate: number | null;
  readonly category: DoraCategory | null;
  readonly label: string;
  readonly weeks: readonly { readonly week: string; readonly deployDays: number }[];
  readonly months: readonly { readonly month: string; readonly deployDays: number; readonly deployments: number }[];
  readonly sixMonths: readonly { readonly month: string; readonly deployDays: number; readonly monthsWithDeployments: number }[];
}

export interface DeploymentFrequencyInput {
  readonly from: string;
  readonly to: string;
  readonly report: DoraReport;
  /** Each production deployment's finish (the MAX over its successful production parts). */
  readonly finishes: readonly string[];
}

export const DF_NO_DATA = 'N/A. Please check if you have collected deployments.';

function countBy(days: readonly string[], deployed: ReadonlySet<string>, bucket: (day: string) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const day of [...days].sort()) out.set(bucket(day), (out.get(bucket(day)) ?? 0) + (deployed.has(day) ? 1 : 0));
  return out;
}

/** The six-month sample points: rolling sums over the monthly rows, every sixth from the newest. */
function sixMonthSamples(months: readonly { month: string; deployDays: number }[]) {
  const rolling = months.map((m, i) => {
    const frame = months.slice(Math.max(0, i - 5), i + 1);
    return { month: m.month, deployDays: frame.reduce((s, f) => s + f.deployDays, 0), monthsWithDeployments: frame.filter((f) => f.deployDays > 0).length };
  });
  // ROW_NUMBER() OVER (PARTITION BY DATE_FORMAT(month,'%Y-%m') DIV 6 ORDER BY month DESC): MySQL reads
  // '2022-06' as 2022, so the partition is floor(year / 6).
  const rowNumber = new Map<string, number>();
  const counters = new Map<number, number>();
  for (const r of [...rolling].reverse()) {
    const partition = Math.floor(Number(r.month.slice(0, 4)) / 6);
    const n = (counters.get(partition) ?? 0) + 1;
    counters.set(partition, n);
    rowNumber.set(r.month, n);
  }
  return { rolling, sampled: rolling.filter((r) => (rowNumber.get(r.month) ?? 0) % 6 === 1) };
}

/**
 * Deployment frequency as DevLake's DORA dashboard computes it (README §3.6): distinct UTC
 * deployment days, bucketed by Monday weeks and calendar months over the window's calendar
 * days; lower medians per week and month, the six-month upper-median variant and its gate.
 *
 * @example deploymentFrequency({ from, to, report: '2023', finishes }).label // '0 deployment days per month(low)'
 */
export function deploymentFrequency(input: DeploymentFrequencyInput): DeploymentFrequency {
  const days = windowDays(input.from, input.to);
  const inWindow = new Set(days);
  const deployed = new Set(input.finishes.map((f) => utcDay(Date.parse(f))).filter((d) => inWindow.has(d)));
  const weekly = countBy(days, deployed, mondayOf);
  const monthly = countBy(days, deployed, monthOf);
  // Deployments themselves are counted by finish time inside [from, to], as DevLake's "Monthly
  // deployments" chart filters them (and as the change failure rate's denominator is).
  const [from, to] = [Date.parse(input.from), Date.parse(input.to)];
  const finished = input.finishes.map((f) => Date.parse(f)).filter((t) => t >= from && t <= to);
  const deploymentsByMonth = new Map<string, number>();
  for (const t of finished) deploymentsByMonth.set(monthOf(utcDay(t)), (deploymentsByMonth.get(monthOf(utcDay(t))) ?? 0) + 1);
  const months = [...monthly].map(([month, deployDays]) => ({ month, deployDays, deployments: deploymentsByMonth.get(month) ?? 0 }));
  const mw = lowerMedian([...weekly.values()]) ?? 0;
  const mm = lowerMedian([...monthly.values()]) ?? 0;
  const { rolling, sampled } = sixMonthSamples(months);
  const pick = upperMedianIndex(sampled.map((s) => s.deployDays));
  const qualifying = sampled.filter((s) => pick !== null && s.deployDays >= (sampled[pick]?.deployDays ?? 0));
  const m6 = pick === null ? null : (sampled[pick]?.deployDays ?? null);
  const gate = m6 === null ? null : Math.min(...qualifying.map((s) => s.monthsWithDeployments));
  const { category, label } = classify(input.report, mw, mm, m6, gate);
  return {
    deployments: finished.length,
    deployDays: deployed.size,
    medianDeployDaysPerWeek: mw,
    medianDeployDaysPerMonth: mm,
    medianDeployDaysPerSixMonths: m6,
    sixMonthGate: gate,
    category,
    label,
    weeks: [...weekly].map(([week, deployDays]) => ({ week, deployDays })),
    months,
    sixMonths: rolling,
  };
}

function classify(report: DoraReport, mw: number, mm: number, m6: number | null, gate: number | null): { category: DoraCategory | null; label: string } {
  const week = (c: DoraCategory) => ({ category: c, label: `${mw} deployment days per week(${c})` });
  const month = (c: DoraCategory) => ({ category: c, label: `${mm} deployment days per month(${c})` });
  const six = (c: DoraCategory) => ({ category: c, label: `${m6} deployment days per six months(${c})` });
  if (mw >= 5) return week('elite');
  if (report === '2023') {
    if (mw >= 1) return week('high');
    if (mm >= 1) return month('medium');
    if (gate !== null) return month('low');
  } else {
    if (mm >= 1) return month('high');
    if (m6 !== null && m6 >= 1) return six('medium');
    if (m6 !== null && gate !== null) return six('low');
  }
  return { category: null, label: DF_NO_DATA };
}
