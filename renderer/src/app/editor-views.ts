import { lazy } from 'react';

/**
 * The views that hold Monaco, loaded when first shown. Monaco with its editor features is most of the renderer's
 * code (about 4 MB of 4.8): kept out of the first load, the workbench opens on its Sessions tab without compiling
 * it. `preload` starts the load ahead of need (a pointer over the Prompts tab, breakpoints set), so the editor is
 * usually there by the time it is shown.
 */
const promptsView = () => import('../features/prompts/PromptsView');
const pausePanel = () => import('../features/trace/PausePanel');

export const PromptsView = lazy(() => promptsView().then((m) => ({ default: m.PromptsView })));
export const PausePanel = lazy(() => pausePanel().then((m) => ({ default: m.PausePanel })));

// A load ahead of need that fails says nothing: the view, once shown, loads again and says why (LoadBoundary).
const quietly = (load: () => Promise<unknown>) => () => void load().catch(() => undefined);

export const preload = {
  promptsView: quietly(promptsView),
  pausePanel: quietly(pausePanel),
};
