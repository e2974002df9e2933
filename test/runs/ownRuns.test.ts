/**
 * Two people's `research` commands at once, on one Temporal server and one configured task queue, each with
 * its own model endpoint and key, search engine and report folder: each run is worked only with its own
 * person's settings (no page of one summarized with the other's key), and each report lands once, in its
 * owner's folder, under its own name. The real command, on the real server.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { cli, tempDir } from '../client/cli';

const TOPIC = 'tensorflow vs pytorch';

describe('two users researching at once', () => {
  const worlds: OfflineWorld[] = [];
  afterAll(() => Promise.all(worlds.map((w) => w.close())));

  it('work each run with its own user\'s key, search and folder', async () => {
    // Two users' model endpoints, each accepting only its own user's key; slow enough that the runs overlap.
    for (const apiKey of ['key-of-ada', 'key-of-bo']) worlds.push(await startOfflineWorld({ apiKey, llmLatencyMs: 150 }));
    const folders = [await tempDir('ada-'), await tempDir('bo-')];
    const sharedQueue = `shared-${Date.now().toString(36)}`;
    const runs = await Promise.all(
      worlds.map((world, i) =>
        cli(['research', TOPIC, '--words', i === 0 ? '300' : '500'], {
          cwd: folders[i],
          env: { ...world.env, TEMPORAL_TASK_QUEUE: sharedQueue, RESEARCH_OUTPUT_DIR: 'reports', RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' },
        }),
      ),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const workflowId = /Research run started: (\S+)/.exec(r.stdout)![1];
      // One report per folder, under the topic's own name (no -2 from someone else's run), made by this run.
      const reports = path.join(folders[i], 'reports');
      expect(await fs.readdir(reports)).toEqual(['tensorflow-vs-pytorch.md']);
      const report = await fs.readFile(path.join(reports, 'tensorflow-vs-pytorch.md'), 'utf8');
      expect(report).toContain(`research-run: ${workflowId} `);
      // Its sources came from its own user's search engine (whose results point at that user's web server).
      const ports = [...report.matchAll(/http:\/\/127\.0\.0\.\d+:(\d+)\//g)].map((m) => m[1]);
      expect(ports.length).toBeGreaterThan(0);
      expect(new Set(ports)).toEqual(new Set([new URL(worlds[i].web.baseUrl).port]));
    }
    for (const world of worlds) {
      const calls = world.llm.requests;
      expect(calls.length).toBeGreaterThan(0);
      // Every call carried the key this endpoint accepts: none came from the other user's worker.
      expect(calls.filter((c) => c.status === 401)).toEqual([]);
      // Every page summarized with this user's key is a page this user's own search found.
      const own = new URL(world.web.baseUrl).port;
      const pages = calls.filter((c) => c.stage === 'page_summary').map((c) => new URL(c.subject).port);
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.filter((port) => port !== own)).toEqual([]);
    }
  }, 300_000);
});
