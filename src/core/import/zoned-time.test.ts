import { describe, expect, it } from 'vitest';
import { checkTimeZone, hour24, isRealTime, zonedIso } from './zoned-time.ts';

describe('zonedIso', () => {
  it('writes a date alone as YYYY-MM-DD and a time with the zone offset of that moment', () => {
    expect(zonedIso({ year: 2024, month: 11, day: 2 }, 'Europe/Madrid')).toBe('2024-11-02');
    expect(zonedIso({ year: 2025, month: 9, day: 22, hour: 9, minute: 26 }, 'UTC')).toBe('2025-09-22T09:26:00+00:00');
    expect(zonedIso({ year: 2025, month: 9, day: 22, hour: 9, minute: 26 }, 'Europe/Madrid')).toBe('2025-09-22T09:26:00+02:00');
    expect(zonedIso({ year: 2025, month: 1, day: 22, hour: 9, minute: 26 }, 'Europe/Madrid')).toBe('2025-01-22T09:26:00+01:00');
    expect(zonedIso({ year: 2025, month: 8, day: 8, hour: 21, minute: 14 }, 'America/New_York')).toBe('2025-08-08T21:14:00-04:00');
    expect(zonedIso({ year: 2025, month: 8, day: 8, hour: 9, minute: 14 }, 'Asia/Kolkata')).toBe('2025-08-08T09:14:00+05:30');
  });

  it('takes the offset after a DST change, not before it', () => {
    // Europe/Madrid moves to +02:00 at 2025-03-30 02:00 local.
    expect(zonedIso({ year: 2025, month: 3, day: 30, hour: 1, minute: 30 }, 'Europe/Madrid')).toBe('2025-03-30T01:30:00+01:00');
    expect(zonedIso({ year: 2025, month: 3, day: 30, hour: 3, minute: 30 }, 'Europe/Madrid')).toBe('2025-03-30T03:30:00+02:00');
  });
});

describe('time-zone and clock checks', () => {
  it('accepts IANA zones and refuses others, saying what to write', () => {
    expect(checkTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow("--timezone 'Mars/Olympus' is not an IANA time zone (write e.g. UTC, Europe/Madrid or America/New_York)");
  });

  it('knows 12 AM from 12 PM and 30 February from a date', () => {
    expect([hour24(12, 'AM'), hour24(12, 'PM'), hour24(9, 'pm'), hour24(9, 'a')]).toEqual([0, 12, 21, 9]);
    expect(isRealTime({ year: 2025, month: 2, day: 30 })).toBe(false);
    expect(isRealTime({ year: 2024, month: 2, day: 29, hour: 23, minute: 59 })).toBe(true);
  });
});
