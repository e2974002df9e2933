/**
 * A workflow's input, checked the one way both workflows (research, revise) check it: a thrown ZodError would
 * fail the workflow task and retry it forever, so an invalid input fails the run, saying which field and why.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { type ResearchInput, ResearchInputSchema } from '../domain/types';

export function validInputOrFail(input: unknown, what: string): ResearchInput {
  const parsed = ResearchInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw ApplicationFailure.nonRetryable(`invalid ${what} input: ${issue.path.join('.')} ${issue.message}`, 'InvalidInput');
}
