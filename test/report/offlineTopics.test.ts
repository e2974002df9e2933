/** The offline off-corpus message: which topics the corpus covers, and proceed or stop as the user chooses. */
import { confirmOfflineTopic, OFFLINE_TOPICS } from '../../src/cli/offlineTopics';
import { offlineResultCount } from '../../src/offlineWorld';
import { CORPUS_TOPICS } from '../../offline/corpus/types';

function choice(over: Partial<{ yes: boolean; detach: boolean; interactive: boolean; answer: boolean }> = {}) {
  const lines: string[] = [];
  const asked: string[] = [];
  return {
    lines,
    asked,
    yes: over.yes ?? false,
    detach: over.detach ?? false,
    interactive: over.interactive ?? true,
    ask: (q: string) => {
      asked.push(q);
      return Promise.resolve(over.answer ?? false);
    },
    print: (line: string) => lines.push(line),
  };
}

describe('before an offline run', () => {
  it('names the corpus topics and the key, and starts a covered topic without asking', async () => {
    const c = choice();
    expect(await confirmOfflineTopic('tensorflow vs pytorch', await offlineResultCount('tensorflow vs pytorch'), c)).toBe(true);
    expect(c.lines.join('\n')).toMatch(/solid-state batteries.*remote work productivity.*OPENAI_API_KEY/s);
    expect(c.asked).toEqual([]);
  });

  it('knows a covered topic without a running offline world (--detach leaves the world to a worker elsewhere)', async () => {
    for (const topic of ['solid-state batteries', 'remote work productivity', 'tensorflow vs pytorch']) {
      const c = choice({ detach: true });
      expect(await confirmOfflineTopic(topic, await offlineResultCount(topic), c)).toBe(true);
      expect(c.lines.join('\n')).not.toContain('little or nothing');
    }
  });

  it('claims nothing about coverage when the offline search cannot be asked', async () => {
    const c = choice({ detach: true });
    expect(await confirmOfflineTopic('solid-state batteries', undefined, c)).toBe(true);
    expect(c.lines.join('\n')).not.toContain('little or nothing');
  });

  it('lists every topic the corpus holds', () => {
    for (const topic of CORPUS_TOPICS) expect(OFFLINE_TOPICS.join('; ')).toContain(topic);
  });

  it('asks about a topic the corpus does not cover, and stops or goes on as answered', async () => {
    const found = await offlineResultCount('best pizza in naples');
    const no = choice({ answer: false });
    expect(await confirmOfflineTopic('best pizza in naples', found, no)).toBe(false);
    expect(no.asked).toHaveLength(1);
    expect(no.lines.join('\n')).toContain('little or nothing on "best pizza in naples"');
    expect(await confirmOfflineTopic('best pizza in naples', found, choice({ answer: true }))).toBe(true);
  });

  it('goes on without asking with --yes, with --detach, or without a terminal, and says so', async () => {
    for (const over of [{ yes: true }, { detach: true }, { interactive: false }]) {
      const c = choice(over);
      expect(await confirmOfflineTopic('history of rome', 0, c)).toBe(true);
      expect(c.asked).toEqual([]);
      expect(c.lines.join('\n')).toMatch(/little or nothing on "history of rome"[\s\S]*Going on/);
    }
  });
});
