import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * A tiny round-robin HTTP proxy for the scale-out bench (`npm run bench:scale`): each request
 * goes to the next of the given servers, over keep-alive connections. With `bust`, a GET gets a
 * distinct `_n=<counter>` query parameter, so eos's response cache misses and every request
 * reaches the database (the uncached list of issue 13). Not a production load balancer: see
 * docs/deploy.md for those.
 *
 * @example node bin/run-ts.js bench/http/round-robin-proxy.ts --bust http://127.0.0.1:4301 http://127.0.0.1:4302
 */
export function startProxy(targets: readonly URL[], options: { bust: boolean }): Promise<{ server: Server; url: string }> {
  let next = 0;
  let counter = 0;
  const server = createServer((req, res) => {
    const target = targets[next++ % targets.length] as URL;
    let path = req.url ?? '/';
    if (options.bust && req.method === 'GET') path += `${path.includes('?') ? '&' : '?'}_n=${counter++}`;
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers, agent: agentFor(target) }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

const agents = new Map<string, Agent>();
function agentFor(target: URL): Agent {
  let agent = agents.get(target.host);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(target.host, agent);
  }
  return agent;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { bust: { type: 'boolean', default: false } } });
  const { url } = await startProxy(
    positionals.map((p) => new URL(p)),
    { bust: values.bust ?? false },
  );
  process.stdout.write(`${url}\n`);
}
