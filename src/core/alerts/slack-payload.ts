import type { AlertNotification } from './alert-notification.ts';

/** The Slack-compatible part of a webhook body: `text` (the fallback line) and Block Kit `blocks`. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly Readonly<Record<string, unknown>>[];
}

const HEADLINES: Record<AlertNotification['event'], string> = {
  firing: 'Firing',
  escalated: 'Escalated',
  repeat: 'Still firing',
  resolved: 'Resolved',
  test: 'Test',
  person: 'For you',
};

/** Slack mrkdwn treats these three as markup: escaped as Slack asks. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What a Slack (or Mattermost, Teams-via-Slack) incoming webhook shows of a notification: every
 * webhook body carries it beside eos's own fields (ADR 072), so pointing a channel at a Slack URL works.
 *
 * @example slackPayload(n).text // 'Firing critical: Change failure rate over 10% — CFR is 14%'
 */
export function slackPayload(n: AlertNotification): SlackPayload {
  const head = n.event === 'person' ? HEADLINES.person : `${HEADLINES[n.event]}${n.event === 'escalated' ? ` to level ${n.level}` : ''} ${n.rule.severity}: ${n.rule.name}`;
  const text = `${head} — ${n.message}`;
  const link = n.subject.link ? ` <${n.subject.link}|${escapeMrkdwn(n.subject.label || n.subject.link)}>` : n.subject.label ? ` ${escapeMrkdwn(n.subject.label)}` : '';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(head)}*${link}\n${escapeMrkdwn(n.message)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`eos ${n.workspace} · ${n.rule.id} · ${n.at}`) }] },
    ],
  };
}
