import { EosError } from '../../src/core/errors.ts';
import { loadPack, type PackFile } from '../../src/core/pack/load-pack.ts';

/** The problems a pack is refused with (file, line, message), or an error when it loads. */
export function packProblems(files: PackFile[]): { file: string; line: number; message: string }[] {
  try {
    loadPack(files);
  } catch (error) {
    if (error instanceof EosError) return error.details.problems as { file: string; line: number; message: string }[];
    throw error;
  }
  throw new Error('expected the pack to be refused');
}
