import { describe, expect, it } from 'vitest';
import { readWriteNotice, writeNotice } from './write-notice.ts';

describe('write notices (ADR 068)', () => {
  it('a data write notifies the workspace id alone, as before; people and workspace writes add their kind', () => {
    expect(writeNotice('acme', 'data')).toBe('acme');
    expect(writeNotice('acme', 'people')).toBe('acme\npeople');
    expect(writeNotice('acme', 'workspace')).toBe('acme\nworkspace');
  });

  it('reads each kind back, and anything else as a data write of that workspace', () => {
    expect(readWriteNotice('acme')).toEqual({ workspaceId: 'acme', kind: 'data' });
    expect(readWriteNotice('acme\npeople')).toEqual({ workspaceId: 'acme', kind: 'people' });
    expect(readWriteNotice('acme\nworkspace')).toEqual({ workspaceId: 'acme', kind: 'workspace' });
    expect(readWriteNotice('acme\nother')).toEqual({ workspaceId: 'acme\nother', kind: 'data' });
  });
});
