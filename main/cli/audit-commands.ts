import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { HEADS_FORMAT, HeadsFile, PrintedHead } from '../../shared/schemas/audit-head';
import type { AuditReport } from '../../shared/schemas/session';
import { describeIssues } from '../../shared/schemas/zod-issues';
import { DB_HELP, withStore } from './session-commands';

/** Exit code of `audit verify` when a chain is broken or a database parts from heads recorded earlier. */
export const EXIT_AUDIT_BROKEN = 3;

/** The text a signature covers: the heads file without its signature, as JSON. */
export const signedText = (file: Omit<HeadsFile, 'signature'>): Buffer =>
  Buffer.from(JSON.stringify({ format: file.format, version: file.version, at: file.at, heads: file.heads }), 'utf8');

async function keyFrom(option: string, file: string, kind: 'private' | 'public'): Promise<KeyObject> {
  let pem: Buffer;
  try {
    pem = await readFile(path.resolve(file));
  } catch (error) {
    throw new AppError('BAD_INPUT', `${option} ${file}: the key file cannot be read (${(error as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new AppError('BAD_INPUT', `${option} ${file}: not a PEM ${kind} key`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new AppError(
      'BAD_INPUT',
      `${option} ${file}: an Ed25519 ${kind} key is needed, this one is ${key.asymmetricKeyType ?? 'not asymmetric'}`,
    );
  return key;
}

/** A heads file read and parsed, its signature checked against `publicKey` when one is given. */
async function recordedHeads(file: string, publicKeyFile: string | undefined): Promise<PrintedHead[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new AppError('BAD_INPUT', `--head ${file}: not a readable JSON file (${(error as Error).message})`);
  }
  const parsed = HeadsFile.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'BAD_INPUT',
      `--head ${file}: not a heads file of \`audit head\`: ${describeIssues(parsed.error)}`,
    );
  const heads = parsed.data;
  if (publicKeyFile) {
    const key = await keyFrom('--public', publicKeyFile, 'public');
    if (!heads.signature)
      throw new AppError('BAD_INPUT', `--head ${file}: it is not signed, so --public cannot check it`);
    if (!verify(null, signedText(heads), key, Buffer.from(heads.signature, 'base64')))
      throw new AppError(
        'INTEGRITY',
        `--head ${file}: its signature does not match ${publicKeyFile}: the heads were changed, or signed with another key`,
      );
  }
  return heads.heads;
}

function printReport(report: AuditReport): void {
  for (const s of report.sessions) {
    console.log(`${s.ok ? 'ok    ' : 'BROKEN'}  session ${s.session}: ${s.entries} entries, ${s.scheme}`);
    if (s.scheme === 'sha256') console.log(`        note: ${s.schemeNote}`);
    for (const p of s.problems) console.log(`        ${p.kind}: ${p.message}`);
  }
  console.log(
    report.ok
      ? `The audit trail verifies (${report.sessions.length} session${report.sessions.length === 1 ? '' : 's'}).`
      : 'The audit trail does NOT verify.',
  );
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The audit trail of planning decisions');

  audit
    .command('verify')
    .description(
      'Verify the audit trails (and, with --head, against heads recorded earlier); exits with 3 when one does not verify',
    )
    .option('--db <file>', DB_HELP)
    .option('--session <id>', 'one session (default: every session)')
    .option('--head <file>', 'a heads file printed earlier by `audit head`: each session must not be behind it')
    .option('--public <key.pem>', "the Ed25519 public key the heads file's signature must match")
    .option('--json', 'print the report as JSON')
    .action(async (options: { db?: string; session?: string; head?: string; public?: string; json?: boolean }) => {
      if (options.public && !options.head) throw new AppError('BAD_INPUT', '--public checks a --head file: give one');
      const recorded = options.head ? await recordedHeads(options.head, options.public) : undefined;
      await withStore(options.db, (store) => {
        const report = store.verifyAudit(options.session, recorded);
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else printReport(report);
        if (!report.ok) process.exitCode = EXIT_AUDIT_BROKEN;
      });
    });

  audit
    .command('head')
    .description("Print each session's audit head as JSON, to keep and check later with `audit verify --head`")
    .option('--db <file>', DB_HELP)
    .option('--session <id>', 'one session (default: every session)')
    .option('--sign <key.pem>', 'sign the heads with this Ed25519 private key (PEM), which you keep elsewhere')
    .option('--out <file>', 'write the heads to this file instead of printing them')
    .action(async (options: { db?: string; session?: string; sign?: string; out?: string }) => {
      const key = options.sign ? await keyFrom('--sign', options.sign, 'private') : undefined;
      const file = await withStore(options.db, (store) => {
        const { heads, report } = store.auditHeads(options.session);
        for (const s of report.sessions)
          if (!s.ok) console.error(`warning: session ${s.session} does not verify now; its head is printed as it is.`);
        // Parsed as the checker parses them, so both sign the same text, keys in the same order.
        const unsigned = {
          format: HEADS_FORMAT,
          version: 1,
          at: new Date().toISOString(),
          heads: heads.map((head) => PrintedHead.parse(head)),
        } as const;
        const signature = key ? sign(null, signedText(unsigned), key).toString('base64') : undefined;
        return { ...unsigned, ...(signature ? { signature } : {}) };
      });
      const text = `${JSON.stringify(file, null, 2)}\n`;
      if (options.out) await writeFile(path.resolve(options.out), text, { mode: 0o600 });
      else process.stdout.write(text);
    });
}
