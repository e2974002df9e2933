/**
 * The workflow bundle's entry: every workflow type a research worker runs. Deterministic code only
 * (bundled into Temporal's sandbox): the research run, and the limiter that spaces model and search
 * requests across all workers.
 */
export { researchWorkflow } from '../workflows';
export { rateLimiterWorkflow } from '../ratelimit/limiterWorkflow';
