import { EosError } from '../errors.ts';

/** One thing wrong in a pack, located by file and line. */
export interface PackProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatPackProblem(problem: PackProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

export function packInvalid(problems: readonly PackProblem[]): EosError {
  const lines = problems.map(formatPackProblem);
  return new EosError('invalid_input', `the pack has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, {
    problems,
  });
}
