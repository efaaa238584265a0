import { type FormEvent, useState } from 'react';
import type { DatabaseDef } from '../api/types.ts';
import { filterToCel } from '../lib/filter-to-cel.ts';

/**
 * The filter bar: `Status = Under Review and Risk Level = High`, or any CEL over `record`; the API's `where`
 * evaluates it, and shows the CEL it sends.
 */
export function FilterBar({
  def,
  value,
  onApply,
  onProblem,
}: {
  def: DatabaseDef;
  value: string;
  onApply: (text: string, cel: string) => void;
  /** The filter typed can't be read (or now can): the page hides the previous filter's rows meanwhile. */
  onProblem?: (problem: string | undefined) => void;
}) {
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string>();
  let cel = '';
  try {
    cel = filterToCel(value, { fields: def.fields, statusField: def.status.field });
  } catch {
    cel = '';
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const next = filterToCel(text, { fields: def.fields, statusField: def.status.field });
      setProblem(undefined);
      onProblem?.(undefined);
      onApply(text.trim(), next);
    } catch (error) {
      setProblem((error as Error).message);
      onProblem?.((error as Error).message);
    }
  }

  return (
    <form className="filter-bar" onSubmit={submit} aria-label="Filter records">
      <label className="visually-hidden" htmlFor="filter-input">
        Filter
      </label>
      <input
        id="filter-input"
        className="filter-input"
        placeholder={`Filter: ${def.status.field} = ${def.status.values[1] ?? def.status.values[0] ?? 'Open'} and …   (Enter to apply; CEL works too)`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {value && (
        <button
          type="button"
          className="ghost"
          onClick={() => {
            setText('');
            setProblem(undefined);
            onProblem?.(undefined);
            onApply('', '');
          }}
        >
          Clear
        </button>
      )}
      {problem && (
        <p className="error-view" role="alert">
          {problem}
        </p>
      )}
      {!problem && cel && cel !== value && (
        <p className="muted small">
          where <code>{cel}</code>
        </p>
      )}
    </form>
  );
}
