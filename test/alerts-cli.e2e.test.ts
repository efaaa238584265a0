import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signBody } from '../src/integrations/alerts/send-webhook.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { type CliResult, runCli } from './support/run-cli.ts';

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, unknown>;

describe('eos alerts on the command line', { timeout: 120_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-alerts-cli-'));
  const secret = 'cli-webhook-secret';
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0', EOS_ALERT_WEBHOOK_SECRET: secret };
  const eos = (...args: string[]) => runCli(args, env);
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    expect((await eos('init', '--json')).code).toBe(0);
  });
  afterAll(() => receiver.close());

  it('adds a signed webhook channel, tests it against a live receiver, lists it without its secret, and runs a pass', async () => {
    const added = await eos('alerts', 'channel', 'add', 'eng-alerts', '--webhook', receiver.url('/eng?token=abc'), '--secret-env', 'EOS_ALERT_WEBHOOK_SECRET');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(`✓ channel eng-alerts: POST ${receiver.url('/eng')}?… (signed with $EOS_ALERT_WEBHOOK_SECRET); try it with: eos alerts test eng-alerts\n`);

    const tested = await eos('alerts', 'test', 'eng-alerts');
    expect(tested).toMatchObject({ code: 0, stdout: '✓ eng-alerts answered 200 ok\n' });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.path).toBe('/eng?token=abc');
    expect(request?.json).toMatchObject({ event: 'test', workspace: 'default', subject: { id: 'eng-alerts' } });
    expect(request?.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signBody(request?.body ?? '', secret));

    const listed = await eos('alerts', 'channel', 'list', '--json');
    expect(listed.stdout).not.toContain(secret);
    expect(json(listed)).toMatchObject({ channels: [{ name: 'eng-alerts', kind: 'webhook', config: { secretEnv: 'EOS_ALERT_WEBHOOK_SECRET' }, createdBy: 'ana' }] });

    const run = await eos('alerts', 'run', '--json');
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ dryRun: false, rules: 19, firing: 0, events: [], deliveries: [], errors: [] });
    expect(json(await eos('alerts', 'log', '--json'))).toMatchObject({ deliveries: [{ channel: 'eng-alerts', event: 'test', status: 'sent', statusCode: 200, attempt: 1 }] });
  });

  it('reports a failing test with exit 1, and a bad channel with exit 2 naming what is wrong', async () => {
    receiver.failNext(1, 500);
    expect(await eos('alerts', 'test', 'eng-alerts')).toMatchObject({ code: 1, stdout: '✗ eng-alerts failed 500: the webhook answered 500\n' });
    const bad = await eos('alerts', 'channel', 'add', 'mail', '--email', 'ops@example.com', '--smtp', 'smtp.example.com', '--json');
    expect(bad.code).toBe(2);
    expect(json(bad)).toMatchObject({
      error: {
        code: 'invalid_input',
        message: "The channel 'mail' is not valid: --smtp must be host:port (e.g. smtp.example.com:587), not 'smtp.example.com'; --from must be an address, not ''",
      },
    });
    expect(await eos('alerts', 'test', 'nowhere', '--json')).toMatchObject({ code: 4 });
  });
});
