/** list reads every visibility record, also one whose fields are at their defaults (a run that has just started). */
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { defaultDataConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { withoutMemo } from '../../src/cli/list';

it('a record whose history length is 0 (not on the wire) still reads, without its memo', async () => {
  const { WorkflowExecutionInfo } = temporal.api.workflow.v1;
  const wire = WorkflowExecutionInfo.encode({ execution: { workflowId: 'w', runId: 'r' }, type: { name: 'researchWorkflow' }, startTime: {}, memo: { fields: { x: {} } } }).finish();
  const raw = WorkflowExecutionInfo.decode(wire);
  const info = await executionInfoFromRaw(withoutMemo(raw), loadDataConverter(defaultDataConverter), raw, 'default');
  expect(info.historyLength).toBe(0);
  expect(info.memo).toBeUndefined();
  expect(raw.memo).toBeDefined();
});
