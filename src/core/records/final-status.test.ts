import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { isFinalStatus } from './final-status.ts';

const db = (status: DatabaseDef['status']): DatabaseDef => ({ id: 'x', name: 'X', key: { prefix: 'X' }, fields: [{ name: 'Title', type: 'title' }], status });

describe('isFinalStatus', () => {
  it('treats a status the pack lets nothing leave as final, and one with a way out as open', () => {
    const changes = db({ field: 'Status', values: ['Proposed', 'Approved', 'Parked'], transitions: { Proposed: ['Approved', 'Parked'], Approved: [], Parked: ['Proposed'] } });
    expect(isFinalStatus(changes, 'Approved')).toBe(true);
    expect(isFinalStatus(changes, 'Parked')).toBe(false);
    expect(isFinalStatus(changes, 'Proposed')).toBe(false);
  });

  it('treats statuses named like an end as final, whatever the transitions say', () => {
    const incidents = db({ field: 'Status', values: ['Open', 'Closed', 'Rejected'], transitions: { Open: ['Closed'], Closed: ['Open'], Rejected: ['Open'] } });
    expect(isFinalStatus(incidents, 'Closed')).toBe(true);
    expect(isFinalStatus(incidents, 'Rejected')).toBe(true);
    expect(isFinalStatus(incidents, 'Open')).toBe(false);
  });

  it('without transitions, takes the last status as the end', () => {
    const tests = db({ field: 'Status', values: ['Planned', 'Run'] });
    expect(isFinalStatus(tests, 'Run')).toBe(true);
    expect(isFinalStatus(tests, 'Planned')).toBe(false);
    expect(isFinalStatus(db({ field: 'Status', values: ['Open'] }), 'Open')).toBe(false);
  });
});
