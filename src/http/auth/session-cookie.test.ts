import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sessionCookieOptions } from './session-cookie.ts';

describe('sessionCookieOptions', () => {
  it('is httpOnly, SameSite=Strict and Path=/, and Secure exactly when the request came over https', () => {
    const expires = new Date('2026-03-01T21:00:00Z');
    const over = (protocol: 'http' | 'https') => sessionCookieOptions({ protocol } as FastifyRequest, expires);
    expect(over('https')).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', secure: true, expires });
    expect(over('http')).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', secure: false, expires });
  });
});
