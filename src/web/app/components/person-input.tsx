import { useId, useState } from 'react';
import type { Person } from '../api/people.ts';
import type { FieldDef, FieldValue } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';

/** The workspace's users, for pickers and to tell users from outsiders. */
export function usePeople(): Person[] {
  return useResource<{ people: Person[] }>('/people').data?.people ?? [];
}

function isUser(people: readonly Person[], name: string): Person | undefined {
  return people.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
}

/** A name as shown: the user's display name, or the text marked "external" for someone who is not a user. */
export function PersonName({ name, people }: { name: string; people: readonly Person[] }) {
  const user = isUser(people, name);
  if (user) return <span title={user.name}>{user.displayName}</span>;
  return (
    <span>
      {name} <span className="tag external">external</span>
    </span>
  );
}

function PeopleOptions({ id, people }: { id: string; people: readonly Person[] }) {
  return (
    <datalist id={id}>
      {people.map((p) => (
        <option key={p.name} value={p.name}>
          {p.displayName}
        </option>
      ))}
    </datalist>
  );
}

/**
 * A person field: pick a user (the list suggests them as you type) or type anyone's name; a name
 * that is not a user is kept and marked external.
 */
export function PersonInput({
  id,
  field,
  value,
  onChange,
  readOnly,
}: {
  id: string;
  field: FieldDef;
  value: FieldValue | undefined;
  onChange: (v: FieldValue) => void;
  readOnly?: boolean | undefined;
}) {
  const people = usePeople();
  const listId = useId();
  const text = typeof value === 'string' ? value : '';
  return (
    <span className="person-input">
      <input
        id={id}
        aria-label={field.name}
        disabled={readOnly}
        list={listId}
        placeholder="Pick a user or type a name"
        value={text}
        onChange={(e) => onChange(e.target.value || null)}
      />
      <PeopleOptions id={listId} people={people} />
      {text.trim() !== '' && !isUser(people, text) && people.length > 0 && <span className="tag external">external</span>}
    </span>
  );
}

/** A people field: chips for each name (users by display name, others marked external) and a picker to add one. */
export function PeopleInput({
  id,
  field,
  value,
  onChange,
  readOnly,
}: {
  id: string;
  field: FieldDef;
  value: string[];
  onChange: (v: FieldValue) => void;
  readOnly?: boolean | undefined;
}) {
  const people = usePeople();
  const listId = useId();
  const [adding, setAdding] = useState('');
  const add = () => {
    const name = isUser(people, adding)?.name ?? adding.trim();
    if (name && !value.includes(name)) onChange([...value, name]);
    setAdding('');
  };
  return (
    <span className="people-input">
      <ul className="chips" aria-label={`${field.name}: who`}>
        {value.map((name) => (
          <li key={name} className="chip">
            <PersonName name={name} people={people} />
            {!readOnly && (
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${name}`}
                onClick={() => onChange(value.filter((v) => v !== name).length ? value.filter((v) => v !== name) : null)}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <input
          id={id}
          aria-label={`Add to ${field.name}`}
          list={listId}
          placeholder="Add a user or a name, then Enter"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          onBlur={() => adding.trim() && add()}
        />
      )}
      <PeopleOptions id={listId} people={people} />
    </span>
  );
}
