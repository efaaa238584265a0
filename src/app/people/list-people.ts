import { listUsers } from '../../store/user-rows.ts';
import type { Session } from '../session.ts';

/** A person as the user picker shows them: never a role, an address or a password. */
export interface Person {
  readonly name: string;
  readonly displayName: string;
}

/** Everyone who is a user of the workspace, by name, for person fields and mentions (any signed-in user may ask). */
export async function listPeople(session: Session): Promise<Person[]> {
  return (await listUsers(session.store.db, session.workspaceId)).map((u) => ({ name: u.name, displayName: u.displayName ?? u.name }));
}
