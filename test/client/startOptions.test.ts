/** How a run is started: the UI's static summary and details render as Markdown, so the topic is escaped (test/domain/markdown.test.ts). */
import { startOptions, staticDetails, staticSummary } from '../../src/cli/startOptions';
import type { ResearchWorkflowInput } from '../../src/workflows/research';

describe('startOptions', () => {
  const input: ResearchWorkflowInput = {
    topic: 'Rust\n*vs* Go',
    settings: { model: 'gpt-4o-mini', maxBudgetUsd: 2.5, reportWords: 1500, language: 'de-de' } as ResearchWorkflowInput['settings'],
  };

  it('starts with the topic as a one-line escaped summary and the settings as details', () => {
    const options = startOptions({ ...input, searchAttributes: true }, 'q', 0);
    expect(options.staticSummary).toBe('Rust \\*vs\\* Go');
    expect(options.staticSummary).toBe(staticSummary(input.topic));
    expect(options.staticDetails).toBe('**Model:** gpt-4o-mini  \n**Budget:** $2.5  \n**Words:** 1500  \n**Language:** de-de');
    expect(options.staticDetails).toBe(staticDetails(input.settings));
    expect(options.workflowId).toMatch(/^research-rust-vs-go-0[a-z0-9]{1,4}$/);
    expect(options.typedSearchAttributes).toEqual([
      { key: expect.objectContaining({ name: 'ResearchTopic' }), value: 'Rust\n*vs* Go' },
      { key: expect.objectContaining({ name: 'ResearchModel' }), value: 'gpt-4o-mini' },
    ]);
  });

  it('sets no search attributes on a server that lacks them', () => {
    expect(startOptions(input, 'q', 0).typedSearchAttributes).toBeUndefined();
  });

  it('with encryption: a random ID with no topic in it, and no ResearchTopic attribute (both are stored in the clear)', () => {
    const encrypted = { encrypted: true, indexTopic: false };
    const options = startOptions({ ...input, topic: 'tensorflow vs pytorch', searchAttributes: true }, 'q', 0, encrypted);
    expect(options.workflowId).toMatch(/^research-0-[0-9a-f]{10}$/);
    expect(options.typedSearchAttributes).toEqual([{ key: expect.objectContaining({ name: 'ResearchModel' }), value: 'gpt-4o-mini' }]);
    expect(JSON.stringify(options.typedSearchAttributes)).not.toMatch(/tensorflow|pytorch/);
    const ids = new Set(Array.from({ length: 50 }, () => startOptions(input, 'q', 0, encrypted).workflowId));
    expect(ids.size).toBe(50);
  });

  it('with encryption and RESEARCH_INDEX_TOPIC=1: the topic is searchable again, the ID stays random', () => {
    const options = startOptions({ ...input, searchAttributes: true }, 'q', 0, { encrypted: true, indexTopic: true });
    expect(options.workflowId).not.toMatch(/rust|go/);
    expect(options.typedSearchAttributes).toContainEqual({ key: expect.objectContaining({ name: 'ResearchTopic' }), value: 'Rust\n*vs* Go' });
  });

  it('gives two runs of one topic in the same millisecond different IDs', () => {
    const ids = new Set(Array.from({ length: 20 }, () => startOptions(input, 'q', 0).workflowId));
    expect(ids.size).toBe(20);
  });
});
