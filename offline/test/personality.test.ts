/**
 * The stand-in's personalities (offline/llm/personality.ts), through its HTTP protocol: a terse model writes
 * about 60% of the words a section asks for and stops, a verbose one about 120%, the faithful one about what is
 * asked, and pricey-report bills its report answers several times their text but nothing else; the control
 * endpoint switches them and refuses a name it does not know, as the environment variable does.
 */
import { countWords } from '../../src/domain/words';
import { sectionPrompt } from '../../src/llm/reportPrompts';
import { keywordsPrompt } from '../../src/llm/prompts';
import { PRICEY_REPORT_BILLING, personalityFrom } from '../llm/personality';
import { type OfflineWorld, startOfflineWorld } from '../world';

let world: OfflineWorld;
beforeAll(async () => {
  world = await startOfflineWorld({ slowPageDelayMs: 50 });
});
afterAll(() => world.close());
afterEach(() => {
  world.llm.personality = 'faithful';
});

// Sources holding far more than the section asks for: each sentence distinct.
const SOURCES = [1, 2].map((id) => ({
  id,
  url: `https://example.org/${id}`,
  title: `Source ${id}`,
  summary: Array.from({ length: 60 }, (_, i) => `Measurement ${i + 1} of source ${id} found a throughput of ${100 + i} images per second on the benchmark.`).join(' '),
}));
const WORDS = 300;
const section = sectionPrompt('gpu training', 'Report', { heading: 'Throughput', purpose: 'what the sources measured', words: WORDS }, [], SOURCES, { language: 'en-us', today: '2026-12-07' });

async function chat(messages: unknown, maxTokens = 4_000): Promise<{ text: string; completionTokens: number; finish: string }> {
  const response = await fetch(`${world.llm.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${world.llm.apiKey}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages, max_tokens: maxTokens }),
  });
  const body = (await response.json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
  return { text: body.choices[0].message.content, completionTokens: body.usage.completion_tokens, finish: body.choices[0].finish_reason };
}

async function setPersonality(personality: string): Promise<number> {
  const response = await fetch(world.llm.baseUrl.replace(/\/v1$/, '/__personality'), { method: 'POST', body: JSON.stringify({ personality }) });
  await response.text();
  return response.status;
}

describe('model personalities', () => {
  it('write about 100%, 60% and 120% of the words a section asks for, stopping on their own', async () => {
    const words: Record<string, number> = {};
    for (const personality of ['faithful', 'terse', 'verbose']) {
      expect(await setPersonality(personality)).toBe(200);
      const reply = await chat(section);
      expect(reply.finish).toBe('stop');
      words[personality] = countWords(reply.text);
    }
    expect(words.faithful / WORDS).toBeGreaterThanOrEqual(0.95);
    expect(words.faithful / WORDS).toBeLessThanOrEqual(1.1);
    expect(words.terse / WORDS).toBeGreaterThanOrEqual(0.55);
    expect(words.terse / WORDS).toBeLessThanOrEqual(0.7);
    expect(words.verbose / WORDS).toBeGreaterThanOrEqual(1.15);
    expect(words.verbose / WORDS).toBeLessThanOrEqual(1.3);
  });

  it('pricey-report bills a report answer several times its text, and a small call as written', async () => {
    const faithful = await chat(section);
    const keywords = await chat(keywordsPrompt('gpu training', 2, 'en-us'));
    expect(await setPersonality('pricey-report')).toBe(200);
    const pricey = await chat(section);
    expect(pricey.text).toBe(faithful.text);
    expect(pricey.completionTokens).toBe(PRICEY_REPORT_BILLING * faithful.completionTokens);
    expect((await chat(keywordsPrompt('gpu training', 2, 'en-us'))).completionTokens).toBe(keywords.completionTokens);
  });

  it('refuses a personality it does not know, at the endpoint and in the environment variable', async () => {
    expect(await setPersonality('chatty')).toBe(400);
    expect(world.llm.personality).toBe('faithful');
    expect(() => personalityFrom('chatty')).toThrow('OFFLINE_MODEL_PERSONALITY must be one of faithful, terse, verbose, pricey-report (got "chatty")');
    expect(personalityFrom(undefined)).toBe('faithful');
  });
});
