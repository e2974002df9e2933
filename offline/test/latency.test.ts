/**
 * Latency profiles: the reference run's stage times and the token model as pure arithmetic, and the stand-in
 * model answering no sooner than its profile says, recording when each call came and went and what it was about.
 */
import OpenAI from 'openai';
import { LATENCY_PROFILES, REFERENCE_TIMES, referenceLlmMs, referenceSummaryMs, tokenModelMs } from '../latency';
import { startOfflineWorld } from '../world';
import { keywordsPrompt, rankingPrompt } from '../../src/llm/prompts';

test('reference profile: fixed stage times, summaries 2–9 s by prompt size, the report by its output', () => {
  expect(referenceLlmMs({ stage: 'search_keywords', promptTokens: 70, completionTokens: 11 })).toBe(1200);
  expect(referenceLlmMs({ stage: 'research_queries', promptTokens: 569, completionTokens: 38 })).toBe(800);
  expect(referenceLlmMs({ stage: 'ranked_results', promptTokens: 600, completionTokens: 13 })).toBe(600);
  expect(referenceSummaryMs(500)).toBe(2000);
  expect(referenceSummaryMs(5000)).toBeCloseTo(2000 + (2700 / 5400) * 7000, 6);
  expect(referenceSummaryMs(50_000)).toBe(9000);
  expect(referenceLlmMs({ stage: 'report', promptTokens: 8000, completionTokens: 3000 })).toBe(25_000);
  expect(referenceLlmMs({ stage: 'report', promptTokens: 8000, completionTokens: 1500 })).toBe(12_500);
  expect(LATENCY_PROFILES.reference.searchMs).toBe(REFERENCE_TIMES.searchMs);
  expect(LATENCY_PROFILES.reference.pageMs).toBe(2000);
});

test('token model: 0.4 s to the first token, prompt at 20k tokens/s, output at 120 tokens/s', () => {
  expect(tokenModelMs({ stage: 'report', promptTokens: 0, completionTokens: 0 })).toBe(400);
  expect(tokenModelMs({ stage: 'page_summary', promptTokens: 20_000, completionTokens: 120 })).toBe(2400);
  expect(tokenModelMs({ stage: 'ranked_results', promptTokens: 600, completionTokens: 12 })).toBeCloseTo(530, 6);
});

test('the stand-in model takes the time its profile gives each call, and records the call with its subject', async () => {
  const world = await startOfflineWorld({ latencyProfile: 'reference', countTokens: (text) => text.split(/\s+/).length });
  try {
    const openai = new OpenAI({ apiKey: world.llm.apiKey, baseURL: world.llm.baseUrl, maxRetries: 0 });
    const started = Date.now();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: keywordsPrompt('tensorflow vs pytorch', 2, 'en-us') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    const results = [{ url: 'http://127.0.0.2/a', title: 'TensorFlow vs PyTorch', snippet: 'a comparison' }];
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: rankingPrompt('tensorflow vs pytorch', 'pytorch speed', results, 'en-us', '2026-11-25') });
    const [keywords, ranking] = world.llm.requests;
    expect(keywords.stage).toBe('search_keywords');
    expect(keywords.answeredAt - keywords.receivedAt).toBeGreaterThanOrEqual(1200);
    expect(ranking.subject).toBe('pytorch speed');
    expect(ranking.answeredAt - ranking.receivedAt).toBeGreaterThanOrEqual(600);
    // The given tokenizer counts: here, words.
    expect(keywords.promptTokens).toBe(keywordsPrompt('tensorflow vs pytorch', 2, 'en-us').map((m) => m.content).join('').split(/\s+/).length);
  } finally {
    await world.close();
  }
});

test('searches and page loads wait as long as the profile says', async () => {
  const world = await startOfflineWorld({ latencyProfile: 'reference' });
  try {
    let started = Date.now();
    await (await fetch(`${world.search.url}/search?q=tensorflow&format=json`)).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    started = Date.now();
    await (await fetch(world.web.urlOf(world.corpus[0].path))).arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  } finally {
    await world.close();
  }
});
