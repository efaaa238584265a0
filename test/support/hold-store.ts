// Holds the embedded store the way any eos command does, until stdin closes; then writes one
// record and exits. The lock test uses it as "the other process".

import { createRecord } from '../../src/app/records/create-record.ts';
import { openSession } from '../../src/app/session.ts';
import { loadConfig } from '../../src/cli/config.ts';
import { openCliStore } from '../../src/cli/open-cli-store.ts';

const config = loadConfig();
const cli = await openCliStore(config, 'eos hold-store (test)', () => undefined);
process.stdout.write('holding\n');
process.stdin.resume();
await new Promise((resolve) => process.stdin.on('end', resolve));
const session = await openSession({ store: cli.store, workspaceId: 'default', actor: 'holder' });
await createRecord(session, { database: 'changes', set: [['Title', 'written by the holder']] });
await cli.close();
process.stdout.write('released\n');
