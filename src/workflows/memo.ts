/**
 * The run's memo: the one declaration of what a research run (or a revision) keeps there, written by the
 * workflow (and the client at a revision's start) and read back by the client with zod, never with a cast.
 */
import { upsertMemo } from '@temporalio/workflow';
import { z } from 'zod';
import { type CancelRecord, STAGES } from '../domain/types';

const CancelRecordSchema = z.object({
  kind: z.enum(['stop-reading', 'now']),
  during: z.enum(STAGES),
  pagesNotRead: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  note: z.string(),
}) satisfies z.ZodType<CancelRecord>;

const FIELDS = {
  /** Where each stage started: the history length when the run entered it (`client reset --to <stage>`). */
  stageStarts: z.partialRecord(z.enum(STAGES), z.number().int().nonnegative()),
  /** Where each follow-up round started (round number → history length): `client reset --to round-<n>`. */
  roundStarts: z.record(z.string().regex(/^\d+$/), z.number().int().nonnegative()),
  /** How a cancelled run ended. */
  cancel: CancelRecordSchema,
  /** On a revision: the workflow ID of the run whose sources it rewrote. */
  revisionOf: z.string(),
};

/** Each field read on its own: one that does not read as declared (an older or foreign run) is left out. */
const RunMemoSchema = z.object({
  stageStarts: FIELDS.stageStarts.optional().catch(undefined),
  roundStarts: FIELDS.roundStarts.optional().catch(undefined),
  cancel: FIELDS.cancel.optional().catch(undefined),
  revisionOf: FIELDS.revisionOf.optional().catch(undefined),
});

export type RunMemo = z.infer<typeof RunMemoSchema>;

/** Sets these memo fields of the running workflow (workflow code only). */
export function upsertRunMemo(memo: RunMemo): void {
  upsertMemo(memo);
}

/** What a run's memo holds of ours, typed and checked. */
export function readRunMemo(memo: Record<string, unknown> | undefined): RunMemo {
  const read = RunMemoSchema.parse(memo ?? {});
  return Object.fromEntries(Object.entries(read).filter(([, value]) => value !== undefined));
}
