export { checkScript } from './check-script';
export { describeFailure } from './describe-failure';
export { playedTurnViews, playedTurnViewsOf, type PlayedTurnView } from './played-turn-views';
