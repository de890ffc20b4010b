export { DEFAULT_OPENING, PlayerMove, type PlayerView, type SimulatedPlayer } from './simulated-player';
export { seededPlayer } from './seeded-player';
export { modelPlayer, playerPrompt, type ModelPlayerOptions } from './model-player';
export { simulatedPlayerFor } from './player-for';
