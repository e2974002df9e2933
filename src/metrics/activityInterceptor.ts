/**
 * The worker-side hook that puts research metrics where the facts are: each activity runs with its stage and
 * the run's price known to the model calls it makes (ResearchMetrics.modelCall reads them), and a page's
 * outcome is counted when the browse activity returns it. Nothing here changes what an activity does.
 */
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import type { PageOutcome } from '../domain/types';
import { type ResearchMetrics, withCallScope } from './research';

export function activityMetrics(metrics: ResearchMetrics): (ctx: Context) => ActivityInterceptors {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const activityType = ctx.info.activityType;
        const settings = (input.args[0] as { settings?: unknown } | undefined)?.settings;
        const result = await withCallScope(activityType, settings, () => next(input));
        if (activityType === 'summarizePage' && isPageOutcome(result)) metrics.page(result);
        return result;
      },
    },
  });
}

function isPageOutcome(value: unknown): value is PageOutcome {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'string';
}
