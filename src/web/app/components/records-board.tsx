import { type DragEvent, type KeyboardEvent, useState } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../api/client.ts';
import { moveRecord } from '../api/mutations.ts';
import type { DatabaseDef, EosRecord, Unmet } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { recordPath } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';
import { UnmetList } from './unmet-list.tsx';

type Refusal = { key: string; to: string; error: ApiError };

/**
 * One column per status. Dragging a card asks the API to move it; the card only changes column once the
 * move succeeded, so a refused move leaves it where it was, with a popover listing every unmet criterion.
 * From the keyboard: Tab to a card, Alt+→ / Alt+← moves it to the next / previous status, Enter opens it.
 */
export function RecordsBoard({ def, records }: { def: DatabaseDef; records: readonly EosRecord[] }) {
  const [refusal, setRefusal] = useState<Refusal>();
  const [moving, setMoving] = useState<string>();
  const [dropTarget, setDropTarget] = useState<string>();

  async function move(record: EosRecord, to: string) {
    if (record.status === to) return;
    setRefusal(undefined);
    setMoving(record.key);
    try {
      await moveRecord(record.key, to);
    } catch (error) {
      setRefusal({ key: record.key, to, error: toApiError(error) });
    } finally {
      setMoving(undefined);
    }
  }

  const onCardKey = (event: KeyboardEvent, record: EosRecord) => {
    const index = def.status.values.indexOf(record.status);
    if (event.altKey && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      event.preventDefault();
      const to = def.status.values[index + (event.key === 'ArrowRight' ? 1 : -1)];
      if (to) void move(record, to);
    } else if (event.key === 'Escape') setRefusal(undefined);
  };

  const onDrop = (event: DragEvent, to: string) => {
    event.preventDefault();
    setDropTarget(undefined);
    const record = records.find((r) => r.key === event.dataTransfer.getData('text/x-eos-key'));
    if (record) void move(record, to);
  };

  return (
    <div className="board">
      <p id="board-help" className="muted small board-help">
        Drag a card to another column, or Tab to it and press Alt+→ / Alt+← to move it; Enter opens it.
      </p>
      <div className="board-columns">
        {def.status.values.map((status) => {
          const cards = records.filter((r) => r.status === status);
          return (
            <section
              key={status}
              className={dropTarget === status ? 'board-column drop' : 'board-column'}
              aria-label={`${status}: ${cards.length}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDropTarget(status);
              }}
              onDragLeave={() => setDropTarget((current) => (current === status ? undefined : current))}
              onDrop={(e) => onDrop(e, status)}
            >
              <h2>
                {status} <span className="count">{cards.length}</span>
              </h2>
              {cards.map((record) => (
                <article key={record.id} className={moving === record.key ? 'card moving' : 'card'} data-key={record.key}>
                  <Link
                    href={recordPath(record.key)}
                    className="card-title"
                    draggable
                    aria-describedby="board-help"
                    onDragStart={(e: DragEvent) => {
                      e.dataTransfer.setData('text/x-eos-key', record.key);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onKeyDown={(e: KeyboardEvent) => onCardKey(e, record)}
                  >
                    {record.key !== record.title && <span className="key">{record.key}</span>}
                    {record.title}
                  </Link>
                  {refusal?.key === record.key && <RefusalPopover def={def} refusal={refusal} onClose={() => setRefusal(undefined)} />}
                </article>
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function RefusalPopover({ def, refusal, onClose }: { def: DatabaseDef; refusal: Refusal; onClose: () => void }) {
  const unmet = refusal.error.details.unmet as Unmet[] | undefined;
  return (
    <div className="popover refusal" role="alertdialog" aria-label={`Can't move ${refusal.key} to ${refusal.to}`}>
      {unmet?.length ? (
        <>
          <p className="refusal-title">{refusal.error.message}</p>
          <UnmetList unmet={unmet} def={def} recordKey={refusal.key} />
        </>
      ) : (
        <ErrorView error={refusal.error} />
      )}
      <button type="button" className="ghost small" onClick={onClose}>
        Dismiss
      </button>
    </div>
  );
}
