export type * from './types.js';
export { applyBaseline, checkBaselineIds, verdictOf, type RawCheckResult } from './baseline.js';
export {
  generateAnswers,
  validateWithJsonSchema,
  type GenerateAnswersOptions,
  type GeneratedAnswers,
} from './answers.js';
export { applicableLevels, highestLevel, LEVELS, resolveLevel } from './levels.js';
export { levelReached } from './report.js';
export {
  ConformanceRun,
  DEFAULT_CHECK_TIMEOUT_MS,
  MAX_CHECK_TIMEOUT_MS,
  runConformance,
} from './runner.js';
export { SANDBOX_STOP_TIMEOUT_MS } from './sandbox-lifecycle.js';
export { CHECK_IDS, listChecks } from './select.js';
export { KIT_VERSION } from './version.js';
