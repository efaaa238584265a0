import { describe, expect, it } from 'vitest';
import { businessMinutes, DEFAULT_BUSINESS_HOURS } from './business-hours.ts';

describe('businessMinutes', () => {
  it('counts Mon–Fri 09:00–17:00 UTC by default, skipping the weekend', () => {
    expect(businessMinutes('2026-03-06T16:00:00Z', '2026-03-09T10:00:00Z', DEFAULT_BUSINESS_HOURS)).toBe(120);
    expect(businessMinutes('2026-03-07T10:00:00Z', '2026-03-08T10:00:00Z', DEFAULT_BUSINESS_HOURS)).toBe(0);
    expect(businessMinutes('2026-03-09T10:00:00Z', '2026-03-09T09:00:00Z', DEFAULT_BUSINESS_HOURS)).toBe(0);
  });
  it("follows the team's time zone across a daylight-saving change", () => {
    // Berlin moves to CEST on 29 March 2026: Friday 09:00–17:00 CET, then Monday 09:00–10:00 CEST.
    expect(businessMinutes('2026-03-27T08:00:00Z', '2026-03-30T08:00:00Z', { ...DEFAULT_BUSINESS_HOURS, timeZone: 'Europe/Berlin' })).toBe(540);
  });
  it('honours other working days and hours', () => {
    const sundayToThursday = { timeZone: 'Asia/Dubai', workDays: [7, 1, 2, 3, 4], dayStart: '08:00', dayEnd: '16:00' };
    // Sunday 8 March 2026 04:00–12:00 UTC is 08:00–16:00 in Dubai.
    expect(businessMinutes('2026-03-08T00:00:00Z', '2026-03-08T23:00:00Z', sundayToThursday)).toBe(480);
  });
});
