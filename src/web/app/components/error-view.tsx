import type { ApiError } from '../api/client.ts';

/** An API error exactly as the API wrote it: the message, the code, and any listed problems. */
export function ErrorView({ error, title }: { error: ApiError | Error; title?: string }) {
  const code = 'code' in error ? (error as ApiError).code : undefined;
  const problems = 'details' in error ? (error as ApiError).details.problems : undefined;
  return (
    <div className="error-view" role="alert">
      {title && <strong>{title}: </strong>}
      <span className="error-message">{error.message}</span>
      {code && <code className="error-code">{code}</code>}
      {Array.isArray(problems) && problems.length > 1 && (
        <ul>
          {problems.map((problem) => (
            <li key={String(problem)}>{String(problem)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
