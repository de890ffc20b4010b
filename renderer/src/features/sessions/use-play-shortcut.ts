import { useEffect } from 'react';

/** The key that focuses the play input from anywhere in the Sessions tab (not while typing in a field). */
export const PLAY_SHORTCUT = '/';

/**
 * "/" focuses the play input, as it focuses search in many web apps: not while typing in a field or the editor,
 * nor while a dialog is open. The input says so in its title and `aria-keyshortcuts`.
 */
export function usePlayShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== PLAY_SHORTCUT || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
        return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, dialog')) return;
      if (document.querySelector('dialog[open], [aria-modal="true"]')) return;
      const box = document.querySelector<HTMLTextAreaElement>('.play-input textarea');
      if (!box || box.disabled) return;
      event.preventDefault();
      box.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
