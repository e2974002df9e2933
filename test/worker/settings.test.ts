import { loadConfig } from '../../src/config';

describe('worker and rate-limit settings', () => {
  it('default to no shared limit, 32 activities, 40 workflow tasks and a 30 s shutdown grace', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({ llmRps: undefined, searchRps: undefined });
    expect(config.worker).toEqual({ maxConcurrentActivities: 32, maxConcurrentWorkflowTasks: 40, shutdownGraceMs: 30_000 });
  });

  it('read fractional rates and the tuning from the environment', () => {
    const config = loadConfig({ RESEARCH_LLM_RPS: '0.5', RESEARCH_SEARCH_RPS: '3', WORKER_MAX_CONCURRENT_ACTIVITIES: '8', WORKER_SHUTDOWN_GRACE_MS: '0' });
    expect(config.rateLimits).toEqual({ llmRps: 0.5, searchRps: 3 });
    expect(config.worker.maxConcurrentActivities).toBe(8);
    expect(config.worker.shutdownGraceMs).toBe(0);
  });

  it('name the setting and what is allowed when a value is wrong', () => {
    expect(() => loadConfig({ RESEARCH_LLM_RPS: '0' })).toThrow(/RESEARCH_LLM_RPS must be more than 0 \(leave unset for no limit\) \(got "0"\)/);
    expect(() => loadConfig({ RESEARCH_SEARCH_RPS: 'fast' })).toThrow(/RESEARCH_SEARCH_RPS must be a number of requests per second/);
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be at least 2/);
  });
});
