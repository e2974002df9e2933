/**
 * Every side effect of a research run. The worker builds these once from its dependencies; the
 * workflow proxies them by name.
 */
import type { ActivityDeps } from './deps';
import { browseActivities } from './browse';
import { gapActivities } from './gaps';
import { changeActivities } from './changes';
import { planActivities } from './plan';
import { rankActivities } from './rank';
import { reportActivities } from './report';
import { searchActivities } from './search';
import { sectionActivities } from './sections';

export function createActivities(deps: ActivityDeps) {
  return {
    ...planActivities(deps),
    ...searchActivities(deps),
    ...rankActivities(deps),
    ...browseActivities(deps),
    ...reportActivities(deps),
    ...sectionActivities(deps),
    ...gapActivities(deps),
    ...changeActivities(deps),
  };
}

export type ResearchActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';

