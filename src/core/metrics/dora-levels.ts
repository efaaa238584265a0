/** Which DORA State of DevOps report's benchmarks to apply; DevLake's dashboard defaults to 2023. */
export type DoraReport = '2023' | '2021';
export const DORA_REPORTS: readonly DoraReport[] = ['2023', '2021'];
export type DoraCategory = 'elite' | 'high' | 'medium' | 'low';

/** Minutes: the upper bounds (exclusive) of elite, high and medium (README §4). */
const LEAD_TIME: Record<DoraReport, readonly [number, number, number]> = {
  '2023': [1440, 10080, 43200],
  '2021': [60, 10080, 259200],
};
const RECOVERY: readonly [number, number, number] = [60, 1440, 10080];
/** Change failure rate in 1/10000 (after DevLake's 4-dp rounding): inclusive upper bounds. */
const FAILURE_RATE: Record<DoraReport, readonly [number, number, number]> = {
  '2023': [500, 1000, 1500],
  '2021': [1500, 2000, 3000],
};

const below = (value: number, [elite, high, medium]: readonly [number, number, number]): DoraCategory =>
  value < elite ? 'elite' : value < high ? 'high' : value < medium ? 'medium' : 'low';

export const leadTimeCategory = (minutes: number, report: DoraReport): DoraCategory => below(minutes, LEAD_TIME[report]);
/** The same cut-offs serve failed-deployment recovery time (2023) and time to restore (2021). */
export const recoveryCategory = (minutes: number): DoraCategory => below(minutes, RECOVERY);
export function failureRateCategory(rate4dp: number, report: DoraReport): DoraCategory {
  const [elite, high, medium] = FAILURE_RATE[report];
  return rate4dp <= elite ? 'elite' : rate4dp <= high ? 'high' : rate4dp <= medium ? 'medium' : 'low';
}

/**
 * `numerator / denominator` rounded half away from zero to `places` decimals, as MySQL rounds
 * DECIMALs, returned as an integer count of 10^-places (so no binary floating point creeps in).
 *
 * @example roundedUnits(4478, 60, 1) // 746, i.e. 74.6
 */
export function roundedUnits(numerator: number, denominator: number, places: number): number {
  const scale = 10 ** places;
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator) * scale;
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

/** Units of 10^-places as a decimal string with exactly `places` decimals. */
export function formatUnits(units: number, places: number): string {
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(places + 1, '0');
  return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** DevLake's hours display: `ROUND(minutes / 60, 1)`, e.g. `74.6`. */
export const hoursLabel = (minutes: number): string => formatUnits(roundedUnits(minutes, 60, 1), 1);
