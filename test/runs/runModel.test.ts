/**
 * The run's model is the run's: a worker configured with one model runs a run whose settings name another,
 * and every model call of that run asks for the run's model (the worker keeps only the endpoint and key).
 */
import { type Bench, startBench } from '../harness/research';

describe('a run whose settings name another model than its worker\'s', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench({ env: { RESEARCH_MODEL: 'gpt-4o-mini' } });
  });
  afterAll(() => bench?.close());

  it('asks for the run\'s model in every call', async () => {
    expect(bench.settings.model).toBe('gpt-4o-mini');
    const runPrice = { inputPerMillion: 0.4, outputPerMillion: 1.6 };
    const { result } = await bench.run('solid-state batteries', { model: 'gpt-4.1-mini', price: runPrice, reportWords: 600 });
    const models = new Set(bench.world.llm.requests.map((r) => r.model));
    expect(models).toEqual(new Set(['gpt-4.1-mini']));
    expect(bench.world.llm.requests.length).toBeGreaterThan(5);
    const { promptTokens, completionTokens } = result.cost.total;
    expect(result.cost.total.costUsd).toBeCloseTo((promptTokens * 0.4 + completionTokens * 1.6) / 1e6, 12);
  });
});
