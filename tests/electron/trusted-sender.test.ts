import { describe, expect, it } from 'vitest';
import { isTrustedSender, isTrustedUrl } from '../../main/electron/trusted-sender';

describe('which URLs may call the workbench over IPC', () => {
  it.each([
    ['app://workbench/index.html', true],
    ['app://workbench/', true],
    ['app://workbench/index.html?x=1#y', true],
    ['APP://WORKBENCH/index.html', false], // a non-special scheme keeps its host's case: refused, which is safe
    ['app://evil/index.html', false],
    ['app://workbench.evil.com/index.html', false],
    ['app://user:pass@workbench/index.html', false],
    ['app://workbench:8080/index.html', false],
    ['file:///work/out/renderer/index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['https://workbench/', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['about:blank', false],
    ['data:text/html,<script>1</script>', false],
    ['javascript:alert(1)', false],
    ['', false],
    ['not a url', false],
  ])('%j → %s', (url, trusted) => {
    expect(isTrustedUrl(url)).toBe(trusted);
  });

  it('trusts the main frame of our page only', () => {
    expect(isTrustedSender({ url: 'app://workbench/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://workbench/index.html', parent: { url: 'app://workbench/index.html' } })).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
