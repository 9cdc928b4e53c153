// Why: a known high or critical advisory in a runtime dependency must fail `npm test`, but a machine that
// cannot reach the registry (CI without network, a plane) must not: that case is skipped with one line.
// Usage: node --import tsx tests/tools/audit-check.ts
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const AUDIT_TIMEOUT_MS = 30_000;
const FAILING: readonly string[] = ['high', 'critical'];

export interface AuditRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  spawnError?: string;
}

export type AuditVerdict =
  | { kind: 'pass'; summary: string }
  | { kind: 'fail'; lines: string[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'error'; message: string };

/** Network and registry failures: these skip the check, they never fail it. */
const UNREACHABLE_CODE =
  /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|EPIPE|EPROTO|ERR_SOCKET_TIMEOUT|FETCH_ERROR|ENOAUDIT|E429|E5\d\d|ERR_TLS_\w+|UNABLE_TO_\w+|SELF_SIGNED_CERT_IN_CHAIN|CERT_\w+)$/;
const UNREACHABLE_TEXT =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up|audit endpoint|request to \S+ failed|getaddrinfo|offline/i;

interface NpmVulnerability {
  name?: string;
  severity?: string;
  range?: string;
  via?: (string | { title?: string; url?: string; severity?: string })[];
  fixAvailable?: boolean | { name?: string; version?: string };
}

function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Decides what an `npm audit --omit=dev --json` run means. Pure, so every branch is unit-tested. */
export function classifyAudit(run: AuditRun): AuditVerdict {
  if (run.timedOut) return { kind: 'skip', reason: `no answer within ${AUDIT_TIMEOUT_MS / 1000} s` };
  if (run.spawnError) return { kind: 'error', message: `could not run npm: ${run.spawnError}` };
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    const text = `${run.stderr} ${run.stdout}`;
    if (UNREACHABLE_TEXT.test(text)) return { kind: 'skip', reason: oneLine(text) };
    return {
      kind: 'error',
      message: `npm audit printed no JSON (exit ${run.exitCode}): ${oneLine(text) || 'no output'}`,
    };
  }
  if (typeof report !== 'object' || report === null) {
    return { kind: 'error', message: 'npm audit printed unexpected JSON.' };
  }
  const { error, vulnerabilities, message, statusCode } = report as {
    error?: { code?: unknown; summary?: unknown; detail?: unknown };
    vulnerabilities?: Record<string, NpmVulnerability>;
    message?: unknown;
    statusCode?: unknown;
  };
  if (error) {
    const code =
      typeof error.code === 'string' ? error.code : typeof statusCode === 'number' ? `E${statusCode}` : '';
    const npmError = /npm error (.+)/.exec(run.stderr)?.[1] ?? '';
    const detail = oneLine(
      [
        typeof message === 'string' ? message : '',
        String(error.summary ?? ''),
        String(error.detail ?? ''),
        npmError,
      ]
        .filter(Boolean)
        .join('; '),
    );
    // npm's audit endpoint failing (an HTTP error from the registry or a proxy in front of it) is the
    // registry being unusable for audits, not a finding.
    const endpointError = typeof statusCode === 'number' || /audit endpoint/i.test(run.stderr);
    if (endpointError || UNREACHABLE_CODE.test(code) || UNREACHABLE_TEXT.test(detail)) {
      return { kind: 'skip', reason: oneLine(`${code} ${detail}`) };
    }
    return { kind: 'error', message: `npm audit failed: ${oneLine(`${code} ${detail}`)}` };
  }
  if (typeof vulnerabilities !== 'object' || vulnerabilities === null) {
    return { kind: 'error', message: 'npm audit printed a report without "vulnerabilities".' };
  }
  const failing = Object.entries(vulnerabilities)
    .filter(([, v]) => FAILING.includes(String(v.severity)))
    .sort(([a], [b]) => a.localeCompare(b));
  const counts = new Map<string, number>();
  for (const v of Object.values(vulnerabilities))
    counts.set(String(v.severity), (counts.get(String(v.severity)) ?? 0) + 1);
  const summary =
    counts.size === 0
      ? 'no known vulnerabilities in runtime dependencies'
      : [...counts].map(([severity, n]) => `${n} ${severity}`).join(', ') + ' (none high or critical)';
  if (failing.length === 0) return { kind: 'pass', summary };
  const lines = failing.map(([name, v]) => {
    const advisories = (v.via ?? [])
      .map((via) =>
        typeof via === 'string'
          ? `via ${via}`
          : `${via.title ?? 'advisory'}${via.url ? ` <${via.url}>` : ''}`,
      )
      .join('; ');
    const fix =
      v.fixAvailable === true
        ? 'fix: npm audit fix'
        : typeof v.fixAvailable === 'object' && v.fixAvailable
          ? `fix: ${v.fixAvailable.name}@${v.fixAvailable.version}`
          : 'no fix available';
    return `${String(v.severity).toUpperCase()} ${name}${v.range ? ` ${v.range}` : ''}: ${advisories || 'see npm audit'} (${fix})`;
  });
  return { kind: 'fail', lines };
}

export function runAudit(cwd: string = process.cwd(), timeoutMs = AUDIT_TIMEOUT_MS): Promise<AuditRun> {
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['audit', '--omit=dev', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: null, timedOut, spawnError: e.message });
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, timedOut });
    });
  });
}

async function main(): Promise<number> {
  const verdict = classifyAudit(await runAudit());
  switch (verdict.kind) {
    case 'pass':
      console.log(`audit ok: ${verdict.summary}`);
      return 0;
    case 'skip':
      console.log(`audit skipped: registry unreachable (${verdict.reason})`);
      return 0;
    case 'fail':
      console.error(
        `audit failed: ${verdict.lines.length} high/critical advisories in runtime dependencies:`,
      );
      for (const line of verdict.lines) console.error(`  - ${line}`);
      return 1;
    case 'error':
      console.error(`audit error: ${verdict.message}`);
      return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
