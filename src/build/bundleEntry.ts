/**
 * The workflow bundle's entry: every workflow type a research worker runs. Deterministic code only
 * (bundled into Temporal's sandbox): the research run, its follow-up rounds (child workflows), its revision, and the limiter that spaces model and search
 * requests across all workers.
 */
export { researchWorkflow, reviseWorkflow, roundWorkflow } from '../workflows';
export { rateLimiterWorkflow } from '../ratelimit/limiterWorkflow';
