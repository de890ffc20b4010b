import type { CSSProperties } from 'react';
import { Splitter, usePaneSize } from '../../ui/Splitter';

/**
 * The open session's resizable panes, remembered: the step-through's width beside the transcript, and the
 * selected turn's tools' height below it (the transcript takes the rest, so it keeps a usable height at 1280×720).
 */
export function usePlayerPanes() {
  const [steps, setSteps] = usePaneSize('player.steps', 520, 320, 1100);
  const [tools, setTools] = usePaneSize('player.tools', 200, 80, 600);
  const layout: CSSProperties = { gridTemplateColumns: `minmax(0, 1fr) auto min(${steps}px, 62%)` };
  const toolsStyle: CSSProperties = { height: tools, maxHeight: '60%', flex: 'none' };
  return {
    layout,
    tools: toolsStyle,
    stepsSplitter: (
      <Splitter
        label="Resize the step-through"
        orientation="vertical"
        size={steps}
        min={320}
        max={1100}
        after
        onSize={setSteps}
      />
    ),
    toolsSplitter: (
      <Splitter
        label="Resize the turn's tools"
        orientation="horizontal"
        size={tools}
        min={80}
        max={600}
        after
        onSize={setTools}
      />
    ),
  };
}
