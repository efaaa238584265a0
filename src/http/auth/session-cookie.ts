import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'eos_session';
export const CSRF_HEADER = 'x-csrf-token';

/** httpOnly, SameSite=Strict, Path=/, and Secure when the request came over https. */
export function sessionCookieOptions(request: FastifyRequest, expiresAt?: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https', ...(expiresAt ? { expires: expiresAt } : {}) };
}
