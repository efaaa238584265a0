import { useState } from 'react';
import type { FieldDef, FieldValue } from '../api/types.ts';
import { fieldAnchor, formatValue } from '../lib/format.ts';
import { PeopleInput, PersonInput } from './person-input.tsx';

export type FieldEditorProps = { field: FieldDef; value: FieldValue | undefined; onChange: (value: FieldValue) => void; readOnly?: boolean };

const list = (value: FieldValue | undefined): string[] => (Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []);
const splitList = (text: string): string[] | null => {
  const items = text
    .split(/[;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : null;
};

/**
 * The editor a field's type calls for. Its element id is the field's anchor, so an unmet criterion that
 * names the field links (and moves the focus) straight to it. Formulas and rollups are computed: read-only.
 */
export function FieldEditor({ field, value, onChange, readOnly }: FieldEditorProps) {
  const id = fieldAnchor(field.name);
  const common = { id, 'aria-label': field.name, disabled: readOnly } as const;
  if (field.type === 'formula' || field.type === 'rollup') {
    return (
      <output id={id} className="computed" title={`${field.type}: computed, can't be set`}>
        {formatValue(value ?? null, field.type)}
      </output>
    );
  }
  switch (field.type) {
    case 'text':
      return <textarea {...common} rows={String(value ?? '').length > 80 ? 3 : 1} value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} />;
    case 'number':
    case 'currency':
      return (
        <input
          {...common}
          type="number"
          step="any"
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      );
    case 'percent':
      return (
        <span className="with-suffix">
          <input
            {...common}
            type="number"
            step="any"
            value={typeof value === 'number' ? String(Math.round(value * 10000) / 100) : ''}
            onChange={(e) => onChange(e.target.value === '' ? null : `${e.target.value}%`)}
          />
          %
        </span>
      );
    case 'date':
      return <input {...common} type="date" value={typeof value === 'string' ? value.slice(0, 10) : ''} onChange={(e) => onChange(e.target.value || null)} />;
    case 'datetime':
      return <input {...common} type="datetime-local" value={typeof value === 'string' ? value.slice(0, 16) : ''} onChange={(e) => onChange(e.target.value || null)} />;
    case 'checkbox':
      return <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'select':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">—</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'multi_select': {
      const selected = list(value);
      return (
        <fieldset id={id} className="multi" aria-label={field.name} disabled={readOnly}>
          {(field.options ?? []).map((option) => (
            <label key={option} className={selected.includes(option) ? 'toggle on' : 'toggle'}>
              <input
                type="checkbox"
                checked={selected.includes(option)}
                onChange={(e) => {
                  const next = (field.options ?? []).filter((o) => (o === option ? e.target.checked : selected.includes(o)));
                  onChange(next.length ? next : null);
                }}
              />
              {option}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'person':
      return <PersonInput id={id} field={field} value={value} onChange={onChange} readOnly={readOnly} />;
    case 'people':
      // The new-record page edits a many-relation as a list of keys: those are not people.
      if (field.to) return <ListInput id={id} field={field} value={list(value)} onChange={onChange} readOnly={readOnly} />;
      return <PeopleInput id={id} field={field} value={list(value)} onChange={onChange} readOnly={readOnly} />;
    case 'files':
      return <ListInput id={id} field={field} value={list(value)} onChange={onChange} readOnly={readOnly} />;
    case 'url':
      return <input {...common} type="url" placeholder="https://…" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} />;
    case 'email':
      return <input {...common} type="email" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} />;
    default:
      return <input {...common} type="text" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} />;
  }
}

/** People and links as text, one per line or `;`-separated; the text is kept as typed while it parses the same. */
function ListInput({
  id,
  field,
  value,
  onChange,
  readOnly,
}: {
  id: string;
  field: FieldDef;
  value: string[];
  onChange: (value: FieldValue) => void;
  readOnly?: boolean | undefined;
}) {
  const separator = field.type === 'files' ? '\n' : '; ';
  const [text, setText] = useState(value.join(separator));
  const shown = (splitList(text) ?? []).join('\u0000') === value.join('\u0000') ? text : value.join(separator);
  return (
    <textarea
      id={id}
      aria-label={field.name}
      disabled={readOnly}
      rows={Math.max(1, value.length)}
      placeholder={field.type === 'files' ? 'One link per line' : 'Names, separated by ;'}
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitList(e.target.value));
      }}
    />
  );
}
