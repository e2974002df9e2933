/**
 * The activity side of `--verify` for the one-call report, without a server: asked for a draft, writeReport
 * hands back the body and its flagged sentences (nothing composed, nothing saved); the same verification
 * activity the sectioned report uses reviews them; finishReport applies its decisions, grounds and composes
 * the report, saves it, and pays for nothing.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities/deps';
import { type FinishReportInput, reportActivities, type WriteReportResult, type WriteSingleInput } from '../../src/activities/report';
import { sectionActivities, type VerifyInput, type VerifyResult } from '../../src/activities/sections';
import { loadConfig } from '../../src/config';
import type { ChatMessage } from '../../src/llm/prompts';
import { VERIFY_MARK } from '../../src/llm/reportPrompts';

const SUPPORTED = 'Throughput reached 2.9k images per second [1].';
const UNSUPPORTED = 'Adoption grew by 42% in one year [1].';
const SOURCE = { url: 'https://a.example/bench', title: 'Bench', summary: 'Throughput reached 2,900 images per second on 64 cards.' };

async function setup(body: string) {
  const calls: string[] = [];
  const llm = {
    chatJson: async (_name: string, messages: ChatMessage[]) => {
      const reply = await llm.chat(messages);
      return { value: JSON.parse(reply.text) as unknown, raw: reply.text, finishReason: reply.finishReason, usage: reply.usage };
    },
    chat: async (messages: ChatMessage[]) => {
      const last = messages[messages.length - 1].content;
      const verifying = last.includes(VERIFY_MARK);
      calls.push(verifying ? 'verify' : 'report');
      const text = verifying ? JSON.stringify({ decisions: [{ id: 1, action: 'drop', text: '' }] }) : body;
      return { text, finishReason: 'stop', usage: { calls: 1, promptTokens: 100, completionTokens: 50 } };
    },
  };
  const deps = { llm, offline: false, now: () => new Date('2026-11-25') } as unknown as ActivityDeps;
  const settings = { ...loadConfig({}).research, model: 'gpt-4.1', reportWords: 100, reportMode: 'single' as const, verify: true };
  const input: WriteSingleInput = {
    topic: 'bench',
    runId: 'single-verify-test',
    sources: [SOURCE],
    pages: [{ url: SOURCE.url, title: SOURCE.title, status: 'summarized', queries: ['q'] }],
    queries: ['q'],
    notes: [],
    stoppedByBudget: false,
    settings,
  };
  const env = new MockActivityEnvironment();
  const report = reportActivities(deps);
  const sections = sectionActivities(deps);
  return {
    calls,
    input,
    write: (i: WriteSingleInput) => env.run<[WriteSingleInput], WriteReportResult, typeof report.writeReport>(report.writeReport, i),
    verify: (i: VerifyInput) => env.run<[VerifyInput], VerifyResult, typeof sections.verifyFlagged>(sections.verifyFlagged, i),
    finish: (i: FinishReportInput) => env.run<[FinishReportInput], WriteReportResult, typeof report.finishReport>(report.finishReport, i),
  };
}

it('drafts, verifies only the flagged sentence, then finishes the report without paying again', async () => {
  const t = await setup(`# Bench\n\n${SUPPORTED} ${UNSUPPORTED}`);
  const draft = await t.write({ ...t.input, draft: true });
  expect(draft.flagged).toEqual([{ sentence: UNSUPPORTED, cited: [1], missing: ['42%'] }]);
  expect(draft.citedSentences).toBe(2);
  expect(draft.draftBody).toContain(UNSUPPORTED);
  expect(draft.markdown).toBe('');

  const verified = await t.verify({ flagged: draft.flagged!, sources: t.input.sources, settings: t.input.settings });
  expect(verified.decisions).toEqual([{ sentence: UNSUPPORTED, action: 'drop' }]);

  const final = await t.finish({ ...t.input, body: draft.draftBody!, decisions: verified.decisions });
  expect(t.calls).toEqual(['report', 'verify']);
  expect(final.usage.calls).toBe(0);
  expect(final.markdown).not.toContain('42%');
  expect(final.markdown).toContain('2.9k images per second [1]');
  expect(final.markdown).toContain('Cited sentences: 1 · verified: 1 · flagged: 0.');
  expect(final.markdown).toContain('A verification pass reviewed the flagged sentences against their sources: kept 0, fixed 0, dropped 1.');
});

it('without a flagged sentence, a draft is the finished report', async () => {
  const t = await setup(`# Bench\n\n${SUPPORTED}`);
  const result = await t.write({ ...t.input, draft: true });
  expect(result.draftBody).toBeUndefined();
  expect(result.markdown).toContain('Cited sentences: 1 · verified: 1 · flagged: 0.');
});

it('without a draft, the flagged sentence is marked in place and listed', async () => {
  const t = await setup(`# Bench\n\n${SUPPORTED} ${UNSUPPORTED}`);
  const result = await t.write(t.input);
  expect(result.draftBody).toBeUndefined();
  expect(result.flagged).toHaveLength(1);
  expect(result.markdown).toContain('Adoption grew by 42% in one year [unverified] [1].');
  expect(result.markdown).toMatch(/- “Adoption grew by 42% in one year\.” — no cited source gives 42%/);
});
