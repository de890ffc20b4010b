import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/result';
import { createDispatcher, type Handlers } from '../../main/core/rpc/dispatcher';

const VERSION = 'a'.repeat(64);

const unavailable = (): never => {
  throw new AppError('UNAVAILABLE', 'not in this test');
};

function dispatcherWith(overrides: Partial<Handlers>) {
  const logged: string[] = [];
  const handlers: Handlers = {
    'app.info': () => ({ name: 'Narrative Workbench', version: '1', host: 'web', projectDir: '/p' }),
    'prompts.list': () => ({ files: [], problems: [] }),
    'prompts.read': ({ name }) => ({ name, content: 'text', version: VERSION }),
    'prompts.write': ({ name }) => ({ name, version: VERSION }),
    'prompts.preview': () => {
      throw new AppError('UNAVAILABLE', 'not in this test');
    },
    'prompts.lint': () => ({ diagnostics: [] }),
    'prompts.placeholders': () => ({ placeholders: [] }),
    'sessions.create': () => {
      throw new AppError('UNAVAILABLE', 'not in this test');
    },
    'turns.play': () => {
      throw new AppError('UNAVAILABLE', 'not in this test');
    },
    'sessions.list': unavailable,
    'sessions.get': unavailable,
    'sessions.timeline': unavailable,
    'sessions.fork': unavailable,
    'sessions.branch': unavailable,
    'sessions.delete': unavailable,
    'sessions.export': unavailable,
    'sessions.import': unavailable,
    'sessions.search': unavailable,
    'turns.get': unavailable,
    'turns.last': unavailable,
    'turns.changes': unavailable,
    'notes.list': unavailable,
    'notes.add': unavailable,
    'notes.edit': unavailable,
    'notes.delete': unavailable,
    'turns.playAgain': unavailable,
    'turns.alternatives': unavailable,
    'turns.choose': unavailable,
    'turns.delete': unavailable,
    'drafts.list': unavailable,
    'drafts.keep': unavailable,
    'drafts.drop': unavailable,
    'audit.verify': unavailable,
    'audit.list': unavailable,
    'turns.continue': unavailable,
    'turns.paused': unavailable,
    'turns.rerun': unavailable,
    'turns.promptSource': unavailable,
    'sessions.compare': unavailable,
    'turns.stop': unavailable,
    'models.get': unavailable,
    'models.set': unavailable,
    'models.setKey': unavailable,
    'models.deleteKey': unavailable,
    'models.test': unavailable,
    'models.detect': unavailable,
    'models.prices': unavailable,
    'models.setPrices': unavailable,
    'sessions.usage': unavailable,
    'playtests.suites': unavailable,
    'playtests.run': unavailable,
    'playtests.follow': unavailable,
    'playtests.stop': unavailable,
    'playtests.runs': unavailable,
    'playtests.report': unavailable,
    ...overrides,
  };
  const dispatch = createDispatcher(handlers, {
    error: (message, error) => logged.push(`${message} ${String((error as Error)?.stack ?? error)}`),
  });
  return { dispatch, logged };
}

describe('the dispatcher', () => {
  it('answers a known method with its value', async () => {
    const { dispatch } = dispatcherWith({});
    expect(await dispatch('prompts.read', { name: 'a.md' })).toEqual({
      ok: true,
      value: { name: 'a.md', content: 'text', version: VERSION },
    });
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['toString'], [42], [null]])(
    'refuses method %j with UNKNOWN_METHOD',
    async (method) => {
      const { dispatch } = dispatcherWith({});
      const result = await dispatch(method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    },
  );

  it.each([
    ['prompts.read', {}],
    ['prompts.read', { name: 7 }],
    ['prompts.read', { name: 'a.md', extra: true }],
    ['prompts.write', { name: 'a.md', content: 'x', baseVersion: 'not-a-hash' }],
    ['prompts.list', null],
  ])('refuses bad input to %s with BAD_INPUT naming the field', async (method, input) => {
    const { dispatch } = dispatcherWith({});
    const result = await dispatch(method, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!result.ok) expect(result.error.message).toContain(method);
  });

  it('refuses an input nested 50,000 levels deep with BAD_INPUT before any schema walks it', async () => {
    const { dispatch, logged } = dispatcherWith({});
    const deep = JSON.parse(`{"name":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(await dispatch('prompts.read', deep)).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'prompts.read: the input is nested more than 64 levels deep' },
    });
    expect(logged).toEqual([]);
  });

  it('passes an AppError through with its code and message', async () => {
    const { dispatch } = dispatcherWith({
      'prompts.read': ({ name }) => {
        throw new AppError('NOT_FOUND', `prompts.read: no prompt named ${name}`);
      },
    });
    expect(await dispatch('prompts.read', { name: 'x.md' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'prompts.read: no prompt named x.md' },
    });
  });

  it('turns an unexpected error into INTERNAL and keeps the stack in the log only', async () => {
    const { dispatch, logged } = dispatcherWith({
      'prompts.list': () => {
        throw new Error('disk exploded at /secret/path');
      },
    });
    const result = await dispatch('prompts.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(JSON.stringify(result)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(logged.join('\n')).toContain('disk exploded');
  });

  it('refuses a handler answer that breaks the contract as INTERNAL', async () => {
    const { dispatch, logged } = dispatcherWith({ 'prompts.list': () => ({ files: 'oops' }) as never });
    expect(await dispatch('prompts.list', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logged.length).toBe(1);
  });
});
