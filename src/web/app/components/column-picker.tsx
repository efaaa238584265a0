import { useState } from 'react';
import type { DatabaseDef } from '../api/types.ts';
import { titleField } from '../lib/columns.ts';

export function ColumnPicker({ def, columns, onChange }: { def: DatabaseDef; columns: readonly string[]; onChange: (columns: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const title = titleField(def)?.name;
  return (
    <div className="popover-anchor">
      <button type="button" className="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns ({columns.length})
      </button>
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the picker, as the button does
        <div className="popover column-picker" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {def.fields
            .filter((f) => f.name !== title)
            .map((field) => (
              <label key={field.name} className="check-row">
                <input
                  type="checkbox"
                  checked={columns.includes(field.name)}
                  onChange={(e) =>
                    onChange(e.target.checked ? def.fields.map((f) => f.name).filter((n) => n === field.name || columns.includes(n)) : columns.filter((n) => n !== field.name))
                  }
                />
                {field.name}
                <span className="muted small">{field.type}</span>
              </label>
            ))}
        </div>
      )}
    </div>
  );
}
