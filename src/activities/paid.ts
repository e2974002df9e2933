/**
 * An activity that pays for model calls. Every answer's usage is added the moment it arrives and saved at
 * once in the activity's heartbeat details (with the progress a retry resumes from), so it survives into
 * the next attempt (the SDK sends the last details with the failure); the failure an attempt throws carries
 * the total too, so the workflow charges an activity that fails for good; the result's usage is the total
 * over all attempts.
 */
import { modelTroubleOf } from '../errors';
import { paidUsageIn, withPaidUsage } from '../paidUsage';
import { addUsage, type ModelTrouble, type TokenUsage, ZERO_USAGE } from '../domain/types';
import type { UsageMeter } from '../llm/client';
import { describeAnswer } from '../llm/completion';
import { withHeartbeat } from './heartbeat';

/** What a paying activity's heartbeat carries. */
export interface PaidCheckpoint<P> {
  /** What every attempt so far paid. */
  paid: TokenUsage;
  /** The activity's own progress, for a retry to resume from. */
  progress?: P;
}

export interface PaidAttempt<P> {
  /** The activity's cancellation. */
  signal: AbortSignal;
  /** Progress an earlier attempt saved, if any. */
  resumed: P | undefined;
  /** Hand to every model call: counts each answer as it arrives and saves the count. */
  meter: UsageMeter;
  /** Saves progress (with what was paid) for a retry to resume from. */
  checkpoint(progress: P): void;
  /** What every attempt so far paid, this one included. */
  paid(): TokenUsage;
}

export async function withPaidCalls<P, T>(work: (attempt: PaidAttempt<P>) => Promise<T>): Promise<T> {
  return withHeartbeat<PaidCheckpoint<P>, T>(async (hb, signal) => {
    let paid = paidUsageIn(hb.resumed) ?? ZERO_USAGE;
    let progress = hb.resumed?.progress;
    const save = () => hb.checkpoint(progress === undefined ? { paid } : { paid, progress });
    const attempt: PaidAttempt<P> = {
      signal,
      resumed: progress,
      meter: (usage) => {
        paid = addUsage(paid, usage);
        save();
      },
      checkpoint: (next) => {
        progress = next;
        save();
      },
      paid: () => paid,
    };
    try {
      return await work(attempt);
    } catch (err) {
      throw withPaidUsage(err, paid, signal.aborted);
    }
  });
}

/** For `.catch` on a model call: a bad answer that stayed bad becomes `{ trouble }`; any other failure goes on. */
export function troubleOrRethrow(err: unknown): { trouble: ModelTrouble } {
  const trouble = modelTroubleOf(err);
  if (!trouble) throw err;
  return { trouble };
}

/** Answers that stayed unreadable as the JSON asked for after their tries, as trouble naming the endpoint. */
export function unreadableTrouble(endpoint: string, what: string, raw: string): ModelTrouble {
  const answered = `answered ${what} that are not the JSON asked for, the last: ${describeAnswer(raw)}`;
  return { line: `${endpoint} ${answered}`, answered };
}
