/**
 * `review <id>`: shows the shortlist of a run started with `--review`; with an answer (`--approve`,
 * `--drop 2,5`, `--add URL ...`, `--add-query Q`, `--drop-query Q`) sends it as the run's `review` update.
 */
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ReviewAnswer, Shortlist } from '../domain/review';
import { reviewUpdate, shortlistQuery } from '../workflows/definitions';
import { parseCommandArgs } from './args';
import { rootMessage, UserError } from './errors';
import { withRun } from './connect';

export async function review(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('review', args, {
    approve: { type: 'boolean', default: false },
    drop: { type: 'string' },
    add: { type: 'string', multiple: true },
    'add-query': { type: 'string', multiple: true },
    'drop-query': { type: 'string', multiple: true },
  });
  const answer = reviewAnswerFrom(values);
  return withRun('review', positionals[0], async (handle, { status }) => {
    if (status.name !== 'RUNNING') throw new UserError(`research run "${handle.workflowId}" is ${status.name.toLowerCase()}: there is nothing to review`);
    const shortlist = await handle.query(shortlistQuery);
    if (!answer) {
      console.log(formatShortlist(shortlist));
      if (shortlist.waiting) console.log(`\nAnswer with: npm run client -- review ${handle.workflowId} --approve | --drop 2,5 | --add URL | --add-query "..." | --drop-query "..."`);
      return;
    }
    try {
      await handle.executeUpdate(reviewUpdate, { args: [answer] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new UserError(`review not taken: ${rootMessage(err)}`);
      throw err;
    }
    console.log(`${handle.workflowId}: review taken; the run goes on.`);
  });
}

/** The answer the flags give, or undefined when none is given (then the shortlist is shown). */
export function reviewAnswerFrom(values: { approve?: boolean; drop?: string; add?: string[]; 'add-query'?: string[]; 'drop-query'?: string[] }): ReviewAnswer | undefined {
  const drop = values.drop?.split(',').map((n) => {
    const number = Number(n.trim());
    if (!Number.isInteger(number) || number < 1) throw new UserError(`--drop takes shortlist numbers separated by commas, e.g. --drop 2,5 (got "${values.drop}")`);
    return number;
  });
  const answer: ReviewAnswer = {
    ...(values.approve ? { approve: true } : {}),
    ...(drop ? { drop } : {}),
    ...(values.add ? { add: values.add } : {}),
    ...(values['add-query'] ? { addQueries: values['add-query'] } : {}),
    ...(values['drop-query'] ? { dropQueries: values['drop-query'] } : {}),
  };
  return Object.keys(answer).length > 0 ? answer : undefined;
}

export function formatShortlist(shortlist: Shortlist): string {
  const lines = [shortlist.waiting ? 'The run waits for your review of its shortlist.' : 'The run is not waiting for a review; its shortlist:'];
  lines.push(`Queries: ${shortlist.queries.map((q) => `"${q}"`).join(', ')}`);
  // Titles come from the web: no control characters (terminal escapes) reach the terminal.
  const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  for (const p of shortlist.pages) lines.push(`  ${String(p.n).padStart(2)}. ${plain(p.title) || '(no title)'} (${plain(p.host)})  chosen by: ${plain(p.queries.join('; '))}`);
  return lines.join('\n');
}

/**
 * One typed answer: `approve` (or nothing), or clauses separated by `;`: `drop 2,5`, `add URL`,
 * `add-query text`, `drop-query text`.
 */
export function parseReviewLine(line: string): ReviewAnswer {
  const answer: ReviewAnswer = {};
  for (const clause of line.split(';').map((c) => c.trim()).filter(Boolean)) {
    const [verb, ...rest] = clause.split(/\s+/);
    const value = rest.join(' ');
    switch (verb.toLowerCase()) {
      case 'approve':
        answer.approve = true;
        break;
      case 'drop':
        answer.drop = [...(answer.drop ?? []), ...reviewAnswerFrom({ drop: value })!.drop!];
        break;
      case 'add':
        answer.add = [...(answer.add ?? []), ...rest];
        break;
      case 'add-query':
        answer.addQueries = [...(answer.addQueries ?? []), value];
        break;
      case 'drop-query':
        answer.dropQueries = [...(answer.dropQueries ?? []), value];
        break;
      default:
        throw new UserError(`"${verb}" is not an answer: use approve, drop 2,5, add URL, add-query text or drop-query text`);
    }
  }
  return Object.keys(answer).length > 0 ? answer : { approve: true };
}

/**
 * While `research` follows a run in a terminal: when the run waits for its review, show the shortlist and
 * ask; a rejected answer says why and asks again. Returns a function that stops it.
 */
export function reviewInTerminal(handle: WorkflowHandle, prompt: (question: string) => Promise<string>): () => void {
  let stopped = false;
  let asking = false;
  const timer = setInterval(() => {
    if (asking || stopped) return;
    handle
      .query(shortlistQuery)
      .then(async (shortlist) => {
        if (!shortlist.waiting || asking || stopped) return;
        asking = true;
        console.log(`\n${formatShortlist(shortlist)}`);
        for (;;) {
          const line = await prompt('Your answer (Enter approves; or e.g. "drop 2,5; add https://...; add-query ..."): ');
          try {
            await handle.executeUpdate(reviewUpdate, { args: [parseReviewLine(line)] });
            console.log('Review taken; the run goes on.');
            return;
          } catch (err) {
            if (stopped) return;
            console.log(`  not taken: ${err instanceof UserError ? err.message : rootMessage(err)}`);
          }
        }
      })
      .catch(() => undefined) // the next tick tries again
      .finally(() => {
        asking = false;
      });
  }, 500);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
