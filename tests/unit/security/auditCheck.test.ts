import { describe, expect, it } from 'vitest';
import { classifyAudit, type AuditRun } from '../../tools/audit-check';

const run = (stdout: unknown, extra: Partial<AuditRun> = {}): AuditRun => ({
  stdout: typeof stdout === 'string' ? stdout : JSON.stringify(stdout),
  stderr: '',
  exitCode: 1,
  timedOut: false,
  ...extra,
});

describe('audit-check', () => {
  it('passes a clean report and one with only low/moderate findings', () => {
    expect(classifyAudit(run({ auditReportVersion: 2, vulnerabilities: {} }, { exitCode: 0 }))).toEqual({
      kind: 'pass',
      summary: 'no known vulnerabilities in runtime dependencies',
    });
    const moderate = classifyAudit(run({ vulnerabilities: { a: { name: 'a', severity: 'moderate' } } }));
    expect(moderate).toEqual({ kind: 'pass', summary: '1 moderate (none high or critical)' });
  });

  it('fails on high and critical advisories with a readable list', () => {
    const verdict = classifyAudit(
      run({
        vulnerabilities: {
          zlib: {
            name: 'zlib',
            severity: 'critical',
            range: '<1.2.3',
            via: [{ title: 'Heap overflow', url: 'https://github.com/advisories/GHSA-x' }],
            fixAvailable: true,
          },
          dep: { name: 'dep', severity: 'high', range: '*', via: ['zlib'], fixAvailable: false },
          low: { name: 'low', severity: 'low' },
        },
      }),
    );
    expect(verdict).toEqual({
      kind: 'fail',
      lines: [
        'HIGH dep *: via zlib (no fix available)',
        'CRITICAL zlib <1.2.3: Heap overflow <https://github.com/advisories/GHSA-x> (fix: npm audit fix)',
      ],
    });
  });

  it.each([
    [
      'DNS failure',
      run({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed' } }),
    ],
    [
      'DNS try again',
      run({ error: { code: 'EAI_AGAIN', summary: 'getaddrinfo EAI_AGAIN registry.npmjs.org' } }),
    ],
    [
      "npm's audit endpoint error",
      run(
        {
          message: '405 Method Not Allowed - POST …/advisories/bulk',
          statusCode: 405,
          error: { summary: '', detail: '' },
        },
        { stderr: 'npm error audit endpoint returned an error' },
      ),
    ],
    ['a server error', run({ error: { code: 'E503', summary: 'Service Unavailable' } })],
    [
      'no JSON, a network message',
      run('', { stderr: 'npm error network request failed, reason: socket hang up' }),
    ],
    ['a timeout', run('', { timedOut: true, exitCode: null })],
  ])('skips when the registry is unreachable: %s', (_name, r) => {
    expect(classifyAudit(r).kind).toBe('skip');
  });

  it('reports other failures as errors, not as skips', () => {
    expect(
      classifyAudit(
        run({
          error: { code: 'EAUDITNOLOCK', summary: 'Neither npm-shrinkwrap.json nor package-lock.json found' },
        }),
      ).kind,
    ).toBe('error');
    expect(classifyAudit(run('', { spawnError: 'spawn npm ENOENT', exitCode: null })).kind).toBe('error');
    expect(classifyAudit(run('garbage')).kind).toBe('error');
  });
});
