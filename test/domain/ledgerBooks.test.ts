/** The run's books (domain/ledger.ts): what each stage paid, what is promised, what the paid calls taught. */
import { loadConfig } from '../../src/config';
import { BudgetLedger } from '../../src/domain/ledger';

const PRICE = { inputPerMillion: 2, outputPerMillion: 8 };
const settings = { ...loadConfig({}).research, price: PRICE };
const call = (promptTokens: number, completionTokens: number, calls = 1) => ({ calls, promptTokens, completionTokens });

describe('the books', () => {
  it('sum what each stage paid, priced per million tokens, and the total over the stages', () => {
    const books = new BudgetLedger(settings, 1);
    books.charge('keywords', call(1_000, 500));
    books.charge('report', call(2_000, 1_000, 2));
    books.charge('report', call(1_000, 0));
    expect(books.used('report')).toEqual(call(3_000, 1_000, 3));
    expect(books.used('plan')).toEqual(call(0, 0, 0));
    expect(books.spent()).toBeCloseTo((4_000 * 2 + 1_500 * 8) / 1e6, 12);
    const { stages, total } = books.stageCosts();
    expect(stages.keywords.costUsd).toBeCloseTo((1_000 * 2 + 500 * 8) / 1e6, 12);
    expect(stages.report).toEqual({ ...call(3_000, 1_000, 3), costUsd: expect.closeTo((3_000 * 2 + 1_000 * 8) / 1e6, 12) });
    expect(total).toEqual({ ...call(4_000, 1_500, 4), costUsd: expect.closeTo(books.spent(), 12) });
  });

  it('count a page as paid only when it made a call (a cached page teaches nothing), and answer its cost', () => {
    const books = new BudgetLedger(settings, 1);
    expect(books.chargePage(call(0, 0, 0))).toBe(0);
    expect(books.pagesPaid()).toEqual({ count: 0, costUsd: 0 });
    const cost = books.chargePage(call(1_000, 250));
    expect(cost).toBeCloseTo((1_000 * 2 + 250 * 8) / 1e6, 12);
    books.chargePage(call(3_000, 250, 2));
    expect(books.pagesPaid()).toEqual({ count: 2, costUsd: expect.closeTo(cost + (3_000 * 2 + 250 * 8) / 1e6, 12) });
    expect(books.used('browse')).toEqual(call(4_000, 500, 3));
  });

  it('hold back and give back what calls in flight are promised, never below nothing', () => {
    const books = new BudgetLedger(settings, 1);
    books.reserve(0.25);
    books.reserve(0.5);
    expect(books.reserved()).toBeCloseTo(0.75);
    books.release(0.25);
    expect(books.reserved()).toBeCloseTo(0.5);
    books.release(2);
    expect(books.reserved()).toBe(0);
  });

  it('learn how report calls are billed, from calls that were paid and wrote something only', () => {
    const books = new BudgetLedger(settings, 1);
    books.learnAnswer(call(100, 900), 300);
    books.learnAnswer(call(100, 500, 0), 100); // no call made
    books.learnAnswer(call(100, 500), 0); // nothing written
    books.learnPrompt(call(1_200, 0), 1_000);
    books.learnPrompt(call(1_200, 0, 0), 1_000);
    books.learnPrompt(call(1_200, 0), 0);
    books.learnWriting(call(0, 650), 500);
    books.learnWriting(call(0, 650, 0), 500);
    books.learnWriting(call(0, 650), 0);
    const lessons = books.learnt();
    expect(lessons).toEqual({ answers: { billed: 900, written: 300 }, prompts: { billed: 1_200, estimated: 1_000 }, writing: { billed: 650, words: 500 } });
    // A copy: changing it changes nothing in the books.
    lessons.answers.billed = 0;
    lessons.prompts.billed = 0;
    lessons.writing.billed = 0;
    expect(books.learnt().answers.billed).toBe(900);
    expect(books.learnt().prompts.billed).toBe(1_200);
    expect(books.learnt().writing.billed).toBe(650);
  });

  it('stop starting pages once stopped, and keep a cap that can change', () => {
    const books = new BudgetLedger(settings, 1);
    expect(books.stopped).toBe(false);
    books.stop();
    expect(books.stopped).toBe(true);
    books.capUsd = 2;
    expect(books.capUsd).toBe(2);
  });
});
