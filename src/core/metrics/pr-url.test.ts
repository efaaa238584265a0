import { describe, expect, it } from 'vitest';
import { prUrl } from './pr-url.ts';

describe('prUrl', () => {
  it('links GitHub PR ids and nothing else', () => {
    expect(prUrl('octo/api#12')).toBe('https://github.com/octo/api/pull/12');
    expect(prUrl('octo/api.js#7', 'https://ghe.example/')).toBe('https://ghe.example/octo/api.js/pull/7');
    expect(prUrl('api@0f3c2a1')).toBeNull();
    expect(prUrl('pr1')).toBeNull();
    expect(prUrl('a/b#x')).toBeNull();
  });
});
