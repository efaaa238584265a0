import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: Record<string, unknown>;
  /** The status the receiver answered. */
  readonly answered: number;
}

export interface HttpReceiver {
  readonly requests: ReceivedRequest[];
  url(path?: string): string;
  /** Answer the next `count` requests with `status` (default 500), then 200 again. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port that records every request it gets. */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const failing = failures.count > 0;
      if (failing) failures = { ...failures, count: failures.count - 1 };
      const answered = failing ? failures.status : 200;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = {};
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(failing ? 'receiver told to fail' : 'ok');
    });
  });
  // Outlive fetch's own idle timeout (4 s), so the client always drops an idle connection first: with
  // Node's 5 s default, a pass reusing a connection the server was closing just then got ECONNRESET.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly user: string | null;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free loopback port that keeps every message; it takes any login given `password`. */
export async function startSmtpReceiver(options: { password?: string } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.password !== undefined && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            user: typeof session.user === 'string' ? session.user : null,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
