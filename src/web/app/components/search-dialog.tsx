import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { type ApiError, api, query } from '../api/client.ts';
import type { SearchResult } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { recordPath } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';

export function resultHref(result: SearchResult): string {
  if (result.kind === 'record' && result.key) return recordPath(result.key);
  if (result.kind === 'database') return `/databases/${encodeURIComponent(result.id ?? result.key ?? result.title)}`;
  return `/decisions${query({ record: result.key ?? undefined })}`;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The API's snippet (escaped text, matches in <mark>) as React nodes, without setting any HTML. */
export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>[^<]*<\/mark>)/);
  const text = (part: string) => part.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
  return (
    <span className="result-snippet muted small">
      {parts.map((part, i) =>
        part.startsWith('<mark>') ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string never reorder
          <mark key={i}>{text(part.slice(6, -7))}</mark>
        ) : (
          text(part)
        ),
      )}
    </span>
  );
}

/** ⌘K / Ctrl-K: searches record keys, titles and text (full text), database names and decisions; arrows and Enter to go. */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<ApiError>();
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ results: SearchResult[] }>(`/search${query({ q, limit: 20 })}`, controller.signal)
        .then((data) => {
          setResults(data.results);
          setError(undefined);
          setActive(0);
        })
        .catch((caught: unknown) => {
          if (!controller.signal.aborted) setError(toApiError(caught));
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const go = (result: SearchResult | undefined) => {
    if (!result) return;
    onClose();
    navigate(resultHref(result));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, (results?.length ?? 1) - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') go(results?.[active]);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop closes the dialog; Esc does the same from the keyboard
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()} role="presentation">
      <div className="search-dialog" role="dialog" aria-modal="true" aria-label="Search">
        <input
          ref={input}
          className="search-input"
          placeholder="Search records, databases, decisions…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-label="Search"
          aria-expanded={Boolean(results?.length)}
          aria-controls="search-results"
          aria-activedescendant={results?.length ? `search-result-${active}` : undefined}
        />
        {error && <ErrorView error={error} />}
        {results && results.length === 0 && <p className="empty">Nothing matches “{text.trim()}”.</p>}
        {results && results.length > 0 && (
          <div className="search-results" id="search-results" role="listbox">
            {results.map((result, index) => (
              <div
                tabIndex={-1}
                key={`${result.kind}:${result.key ?? result.id ?? result.title}`}
                id={`search-result-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseEnter={() => setActive(index)}
                onMouseDown={(e) => {
                  e.preventDefault();
                  go(result);
                }}
              >
                <span className="result-kind">{result.kind}</span>
                {result.key && result.kind === 'record' && <span className="key">{result.key}</span>}
                <span className="result-body">
                  {/* A record titled by its key shows the key once. */}
                  {(result.kind !== 'record' || result.title !== result.key) && <span className="result-title">{result.title}</span>}
                  {result.snippet && <Snippet html={result.snippet} />}
                </span>
                <span className="muted">{[result.database, result.status].filter(Boolean).join(' · ')}</span>
              </div>
            ))}
          </div>
        )}
        {!results && !error && (
          <p className="muted small search-hint">Type a key (ECR-0001), words from a title or text, or a database name. ↑↓ to choose, Enter to open, Esc to close.</p>
        )}
      </div>
    </div>
  );
}
