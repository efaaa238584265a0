import { describe, expect, it } from 'vitest';
import { testNotification } from './alert-notification.ts';
import { slackPayload } from './slack-payload.ts';

describe('slackPayload', () => {
  it('gives a fallback text and a section and context block, escaping <, > and &', () => {
    const n = { ...testNotification({ workspace: 'default', channel: 'ops', at: new Date('2026-01-01T00:00:00Z') }), message: 'a < b & c' };
    expect(slackPayload(n)).toEqual({
      text: 'Test info: Test notification — a < b & c',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Test info: Test notification* channel ops\na &lt; b &amp; c' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'eos default · test · 2026-01-01T00:00:00.000Z' }] },
      ],
    });
  });
  it('links the subject when it has a link', () => {
    const n = {
      ...testNotification({ workspace: 'w', channel: 'c', at: new Date(0) }),
      event: 'person' as const,
      message: 'ana mentioned you',
      subject: { id: 'X-1', label: 'X-1', link: 'https://eos/records/X-1' },
    };
    expect(slackPayload(n).blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*For you* <https://eos/records/X-1|X-1>\nana mentioned you' } });
  });
});
