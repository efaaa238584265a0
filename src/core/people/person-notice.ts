import type { NotificationKind } from './notification-kinds.ts';

/** Something that happened that named people should hear of (src/app/people/notify-people.ts writes it). */
export interface PersonNotice {
  readonly kind: NotificationKind;
  /** User names (others, and the one who acted, are skipped). */
  readonly to: readonly string[];
  readonly recordKey: string | null;
  /** One line saying what happened, e.g. `ana mentioned you on CHG-0001: "can you check…"`. */
  readonly text: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** The same key never notifies the same person twice (alert passes run again and again). */
  readonly dedupe?: string;
}
