import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export type WebAssetsOptions = {
  /**
   * The built bundle: `(await ensureWebBuild()).dir` (ADR 015). It is built before the server, not here,
   * because a first build can take longer than Fastify gives a plugin to start.
   */
  readonly dir: string;
};

/** Paths the SPA never owns: an unknown one of these is a real 404, not the app's index. */
const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;
/** Vite names bundled files by their content hash, so they never change under the same URL. */
const HASHED = /^\/assets\//;

/**
 * Serves the built web app at `/`: hashed assets cached for a year (immutable), `index.html` revalidated on
 * every load, `.br`/`.gz` variants chosen by Accept-Encoding, and every other GET that isn't the API's
 * answered with `index.html` so client routes (`/records/ECR-0001`) survive a reload.
 *
 * @example const { dir } = await ensureWebBuild(); await buildServer({ …, web: (child) => registerWebAssets(child, { dir }) });
 */
export async function registerWebAssets(app: FastifyInstance, options: WebAssetsOptions): Promise<void> {
  const dir = options.dir;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const hashed = HASHED.test(path.slice(dir.length).split('\\').join('/'));
      reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    // A missing bundle file (an old chunk asked for by a tab opened before a rebuild) is a 404, not HTML
    // that the browser would try to run as a script.
    if (SERVER_PATHS.test(request.url) || HASHED.test(request.url)) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
