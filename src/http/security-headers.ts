import type { FastifyInstance, onSendHookHandler } from 'fastify';

/**
 * The web app's Content-Security-Policy: scripts, styles, fonts and requests from eos's own
 * origin only (Vite builds no inline script), images from it or `data:` (the favicon), no
 * plugins, no framing (clickjacking), forms and `<base>` kept to the origin.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything else (JSON, the OpenAPI document, metrics) is data: it may load nothing and be framed by no one. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Sent with every response, HTML or not. */
const ALWAYS: Readonly<Record<string, string>> = {
  // A JSON answer is never sniffed into HTML or script.
  'x-content-type-options': 'nosniff',
  // Browsers without frame-ancestors.
  'x-frame-options': 'DENY',
  // Record keys and filters in a URL don't leak to other sites.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

const isHtml = (contentType: unknown) => typeof contentType === 'string' && contentType.startsWith('text/html');

/**
 * Adds the security headers (docs/security.md) to every response of the server: the web app's
 * CSP on HTML, the API's on everything else, and the headers in ALWAYS. A route that sets its
 * own Content-Security-Policy keeps it.
 *
 * @example registerSecurityHeaders(app) // in buildServer, before any route
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const addHeaders: onSendHookHandler = (_request, reply, payload, done) => {
    for (const [name, value] of Object.entries(ALWAYS)) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', isHtml(reply.getHeader('content-type')) ? WEB_APP_CSP : API_CSP);
    done(null, payload);
  };
  app.addHook('onSend', addHeaders);
}
