import type { FastifyPluginAsync } from 'fastify';
import { isRole, type Role } from '../../src/core/auth/roles.ts';
import '../../src/http/request-user.ts';

/**
 * Who the HTTP tests act as. Until the auth plugin (src/http/auth/) is wired in here, a request
 * names its user in a test bearer token, `Bearer test:<name>:<role>`; this file is the one
 * place to switch to real users and tokens.
 */
export interface TestUsers {
  readonly auth: FastifyPluginAsync;
  headers(name: string, role?: Role): Record<string, string>;
}

export function testUsers(): TestUsers {
  const auth: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => {
      const match = /^Bearer test:([^:]+):(.+)$/.exec(request.headers.authorization ?? '');
      if (match?.[1] && match[2] && isRole(match[2])) request.user = { name: match[1], role: match[2] };
    });
  };
  return { auth, headers: (name, role = 'editor') => ({ authorization: `Bearer test:${name}:${role}` }) };
}
