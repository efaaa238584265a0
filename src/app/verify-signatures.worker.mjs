// A worker of the signature pool (signature-pool.ts): checks batches of Ed25519 signatures of
// audit entries and answers with the first that does not verify. Plain JavaScript, so a worker
// starts without the TypeScript loader; the message it checks is built as audit-signature.ts does.
import { createPublicKey, verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const prefix = workerData.prefix;
const keys = new Map();

function keyFor(publicKey) {
  let key = keys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    keys.set(publicKey, key);
  }
  return key;
}

function verifies(item) {
  try {
    return verify(null, Buffer.from(`${prefix}${item.hash}`, 'utf8'), keyFor(item.publicKey), Buffer.from(item.signature, 'base64'));
  } catch {
    return false;
  }
}

parentPort.on('message', ({ id, items }) => {
  const bad = items.find((item) => !verifies(item));
  parentPort.postMessage({ id, bad });
});
