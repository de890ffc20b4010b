import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from '../../main/core/security/csp';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1)]),
);

describe('the Content Security Policy', () => {
  it('denies by default', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it.each(['script-src', 'worker-src', 'connect-src'])('loads %s from our own origin only', (directive) => {
    expect(directives.get(directive)).toEqual(["'self'"]);
  });

  it('never allows inline or evaluated scripts, or remote hosts', () => {
    const scriptish = ['script-src', 'worker-src', 'connect-src', 'default-src'].flatMap(
      (d) => directives.get(d) ?? [],
    );
    expect(scriptish).not.toContain("'unsafe-inline'");
    expect(scriptish).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|blob:/);
  });

  it('forbids frames, plugins, forms and base rewrites', () => {
    for (const directive of ['frame-ancestors', 'object-src', 'form-action', 'base-uri']) {
      expect(directives.get(directive)).toEqual(["'none'"]);
    }
  });

  it('is one header line built from the directives', () => {
    expect(directives.size).toBe(Object.keys(CSP_DIRECTIVES).length);
    expect(CONTENT_SECURITY_POLICY).not.toContain('\n');
  });
});
