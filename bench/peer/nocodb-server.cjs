// Starts NocoDB from its npm package, the way its own docker entry point does (an Express app with
// Noco.init mounted), for `npm run bench:peer`. Run by NocoDB's Node (22+), with
// EOS_PEER_DIR = the folder it was installed into, NC_DB and PORT set by bench/peer/start-nocodb.ts.
const { createRequire } = require('node:module');
const http = require('node:http');
const path = require('node:path');

const peer = createRequire(path.join(process.env.EOS_PEER_DIR, 'package.json'));
const express = peer('express');
const { Noco } = peer('nocodb');

(async () => {
  const app = express();
  app.enable('trust proxy');
  const server = http.createServer(app);
  app.use(await Noco.init({}, server, app));
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`nocodb listening on ${process.env.PORT}\n`));
})().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
