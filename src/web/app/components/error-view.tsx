import type { ApiError } from '../api/client.ts';

/**
 * An API error as the API wrote it: the message and any listed problems, in words only
 * (`listProblems={false}` when the page shows them its own way, as the Import page's table does).
 * The code (`unauthenticated`) is for programs: it stays out of the text, in `data-code`.
 */
export function ErrorView({ error, title, listProblems = true }: { error: ApiError | Error; title?: string; listProblems?: boolean }) {
  const code = 'code' in error ? (error as ApiError).code : undefined;
  const problems = 'details' in error ? (error as ApiError).details.problems : undefined;
  return (
    <div className="error-view" role="alert" data-code={code}>
      {title && <strong>{title}: </strong>}
      <span className="error-message">{error.message}</span>
      {listProblems && Array.isArray(problems) && problems.length > 1 && (
        <ul>
          {problems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is the error's, fixed, and two problems may read the same
            <li key={index}>{problemText(problem)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A problem as text: the API lists strings, `{field, message}` or an import's `{row, column, value, reason}`. */
function problemText(problem: unknown): string {
  if (typeof problem !== 'object' || problem === null) return String(problem);
  const p = problem as Record<string, unknown>;
  if ('row' in p) return `row ${p.row}, ${p.column}: ${p.reason}`;
  const where = p.field ?? p.path;
  const what = p.message ?? p.reason;
  return where ? `${where}: ${what}` : String(what ?? JSON.stringify(problem));
}
