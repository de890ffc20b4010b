/** A playtest report's other forms: JUnit XML, one HTML file, a comparison with a baseline, shards merged. */
export { compareWithBaseline } from './compare-baseline';
export { htmlReport } from './html/html-report';
export { junitXml } from './junit-xml';
export { mergeReports } from './merge-reports';
export { openTurnCommand } from './open-turn-command';
