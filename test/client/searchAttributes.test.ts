/** The search attributes the client registers: every one the workflow sets, of the same type, and registration on a bare server. */
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes, missingSearchAttributes, RESEARCH_SEARCH_ATTRIBUTES, searchAttributeFlags, searchAttributeHelp } from '../../src/temporal/searchAttributes';
import { freePort, startDevServer } from '../../src/temporal/devServer';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/definitions';

describe('research search attributes', () => {
  it('cover every attribute the workflow defines, with its type', () => {
    for (const { key } of Object.values(SEARCH_ATTRIBUTES)) {
      expect(RESEARCH_SEARCH_ATTRIBUTES).toContainEqual(expect.objectContaining({ name: key.name, type: key.type }));
    }
    expect(RESEARCH_SEARCH_ATTRIBUTES.map((a) => a.name).sort()).toEqual(
      ['ResearchCostUsd', 'ResearchModel', 'ResearchPagesRead', 'ResearchRevisionOf', 'ResearchRound', 'ResearchStage', 'ResearchTopic'],
    );
    expect(searchAttributeFlags()).toContain('ResearchPagesRead=Int');
    expect(searchAttributeHelp()).toContain('ResearchCostUsd (Double): USD the run has spent on its model');
  });

  it('are registered on a server that lacks them, and filters on them then work', async () => {
    // A server started without the project's flags, as a user's own server would be.
    const server = await startDevServer({ port: await freePort(), startTimeoutMs: 90_000 });
    const connection = await Connection.connect({ address: server.address });
    try {
      await connection.operatorService.removeSearchAttributes({ namespace: 'default', searchAttributes: RESEARCH_SEARCH_ATTRIBUTES.map((a) => a.name) });
      expect(await missingSearchAttributes(connection, 'default')).toHaveLength(RESEARCH_SEARCH_ATTRIBUTES.length);
      expect(await ensureSearchAttributes(connection, 'default')).toBe(true);
      expect(await missingSearchAttributes(connection, 'default')).toEqual([]);
      const { executions } = await connection.workflowService.listWorkflowExecutions({
        namespace: 'default',
        query: "ResearchStage = 'done' AND ResearchCostUsd > 0.01 AND ResearchPagesRead >= 1",
      });
      expect(executions).toEqual([]);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 120_000);
});
