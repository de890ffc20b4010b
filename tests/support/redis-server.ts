import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real redis-server of this machine (Debian's, which .ci/run installs), on a loopback port of its own. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT` (`rediss://localhost:PORT` over TLS), with the password when the server has one. */
  url: string;
  /** Over TLS: the CA that signed the server's certificate (for NODE_EXTRA_CA_CERTS). */
  caFile?: string;
  /** The same server's URL with another password, or with none: what a client that has it wrong would use. */
  urlWith: (password?: string) => string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 now: the system's pick for a listener on port 0, closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A CA and a certificate for localhost and 127.0.0.1 signed by it, made with Debian's openssl in `dir`: a server
 * that a client trusts only when told of the CA, as a team's own Redis with a private CA.
 */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=farm test CA',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '1',
    '-extfile',
    file('ext.cnf'),
  );
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

/** Waits for the server to say it is ready, or for it to exit (a port taken meanwhile) with what it printed. */
function readyOrExit(child: ChildProcess): Promise<string | null> {
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => resolve(`no "Ready to accept connections" in 10 s: ${output}`), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(null);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited with ${code}: ${output}`);
    });
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/**
 * Starts redis-server on a free 127.0.0.1 port with a temp folder of its own and nothing saved to disk, a
 * password when one is given, and only TLS (with a certificate for localhost from a CA of its own) when asked; `stop()` ends it and removes the folder. Tries three ports, for one taken between
 * the probe and the start.
 */
export async function startRedisServer(options: { password?: string; tls?: boolean } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-redis-'));
  const tls = options.tls ? makeCertificates(dir) : null;
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    if (tls)
      args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key);
    if (tls) args.push('--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no');
    else args.push('--port', String(port));
    if (options.password) args.push('--requirepass', options.password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const problem = await readyOrExit(child);
    if (problem) {
      last = problem;
      await stopped(child);
      continue;
    }
    const origin = tls ? `rediss://localhost:${port}` : `redis://127.0.0.1:${port}`;
    const urlWith = (password?: string) =>
      password ? origin.replace('//', `//:${encodeURIComponent(password)}@`) : origin;
    return {
      port,
      url: urlWith(options.password),
      ...(tls ? { caFile: tls.ca } : {}),
      urlWith,
      stop: async () => {
        await stopped(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start: ${last}`);
}
