import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardUnload, LEAVE_QUESTION } from '../../main/electron/unload-guard';

/**
 * Electron's binary cannot be downloaded on these machines, so the window is not started here: the guard is
 * driven through a Node EventEmitter, which is what webContents is, with the event Electron sends when a page's
 * beforeunload asks (the renderer side is covered in Chromium by tests/e2e/nothing-lost.spec.ts).
 */
function closeWith(answer: 'Leave' | 'Stay') {
  const webContents = new EventEmitter();
  const asked: unknown[] = [];
  guardUnload(webContents, (question) => (asked.push(question), question.buttons!.indexOf(answer)));
  let left = false;
  webContents.emit('will-prevent-unload', { preventDefault: () => (left = true) });
  return { asked, left };
}

describe('closing the window with unsaved prompt drafts', () => {
  it('asks, and leaves when the user says Leave', () => {
    expect(closeWith('Leave')).toEqual({ asked: [LEAVE_QUESTION], left: true });
  });

  it('stays when the user says Stay, or dismisses the box (Escape answers the cancel button)', () => {
    expect(closeWith('Stay')).toEqual({ asked: [LEAVE_QUESTION], left: false });
    expect(LEAVE_QUESTION.buttons![LEAVE_QUESTION.cancelId!]).toBe('Stay');
    expect(LEAVE_QUESTION.buttons![LEAVE_QUESTION.defaultId!]).toBe('Stay');
  });
});
