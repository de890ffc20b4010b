import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

const STORAGE_PREFIX = 'narrative-workbench.pane.';
/** How far one arrow key moves a splitter; Shift moves four times as far. */
const KEY_STEP_PX = 16;

const clamp = (value: number, min: number, max: number) => Math.round(Math.min(max, Math.max(min, value)));

/**
 * A pane's size in pixels, remembered in the browser's storage under `name`: a layout preference of this
 * browser, read again after a reload (a size saved out of range, or not a number, falls back to `initial`).
 */
export function usePaneSize(name: string, initial: number, min: number, max: number): [number, (px: number) => void] {
  const key = STORAGE_PREFIX + name;
  const [size, setSize] = useState(() => {
    const saved = Number(window.localStorage.getItem(key));
    return Number.isFinite(saved) && saved >= min && saved <= max ? saved : initial;
  });
  const set = useCallback(
    (px: number) => {
      const next = clamp(px, min, max);
      setSize(next);
      window.localStorage.setItem(key, String(next));
    },
    [key, min, max],
  );
  return [size, set];
}

/**
 * A splitter between two panes (the ARIA window-splitter pattern): drag it, or focus it and use the arrow keys,
 * Home and End. `size` is the pane it resizes; `after` when that pane is after the splitter (to its right, or
 * below it), so dragging toward it makes it smaller.
 */
export function Splitter({
  label,
  orientation,
  size,
  min,
  max,
  after = false,
  onSize,
}: {
  label: string;
  /** `vertical`: a vertical bar between panes side by side; `horizontal`: a bar between panes one above the other. */
  orientation: 'vertical' | 'horizontal';
  size: number;
  min: number;
  max: number;
  after?: boolean;
  onSize: (px: number) => void;
}) {
  const drag = useRef<{ from: number; size: number } | null>(null);
  const sign = after ? -1 : 1;
  const at = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? KEY_STEP_PX * 4 : KEY_STEP_PX;
    const grow = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    const moves: Record<string, number> = {
      [grow[0]!]: size + sign * step,
      [grow[1]!]: size - sign * step,
      Home: min,
      End: max,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onSize(next);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      className={`splitter splitter-${orientation}`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { from: at(event), size };
      }}
      onPointerMove={(event) => {
        if (drag.current) onSize(drag.current.size + sign * (at(event) - drag.current.from));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}
