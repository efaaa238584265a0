import { api, request } from './client.ts';
import { invalidate } from './use-resource.ts';

// People, comments, watchers, My work and notifications (docs/people.md).

export type Person = { name: string; displayName: string };
export type WorkItem = { key: string; title: string; database: string; status: string; field: string; updatedAt: string };
export type MyWork = { owned: WorkItem[]; review: WorkItem[]; blocked: WorkItem[] };
export type Comment = {
  id: string;
  record: string;
  author: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  edited: boolean;
  history: { body: string; at: string; by: string }[];
  mentions: string[];
};
export type Watcher = { name: string; reason: string };
export type CommentsResponse = { record: string; comments: Comment[]; watchers: Watcher[] };
export type Notification = { id: string; kind: string; record: string | null; by: string; at: string; text: string; read: boolean };
export type Inbox = { items: Notification[]; unread: number };

const commentsPath = (key: string) => `/records/${encodeURIComponent(key)}/comments`;

function afterComment(): void {
  invalidate('/records', '/audit', '/me');
}

export async function addComment(key: string, body: string): Promise<{ comment: Comment; warnings: string[] }> {
  const data = await api.post<{ comment: Comment; warnings: string[] }>(commentsPath(key), { body });
  afterComment();
  return data;
}

export async function editComment(key: string, id: string, body: string): Promise<Comment> {
  const { data } = await request<{ comment: Comment }>(`${commentsPath(key)}/${encodeURIComponent(id)}`, { method: 'PATCH', body: { body } });
  afterComment();
  return data.comment;
}

export async function deleteComment(key: string, id: string): Promise<void> {
  await api.del(`${commentsPath(key)}/${encodeURIComponent(id)}`);
  afterComment();
}

export async function watch(key: string, on: boolean): Promise<void> {
  const path = `/records/${encodeURIComponent(key)}/watch`;
  await (on ? api.post(path, {}) : api.del(path));
  invalidate('/records');
}

export async function markAllRead(): Promise<void> {
  await api.post('/me/notifications/read', {});
  invalidate('/me/notifications');
}
