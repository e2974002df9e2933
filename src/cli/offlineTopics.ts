/**
 * Before an offline run: say what the bundled corpus covers and that a key enables real research; when
 * the offline search engine finds little on the topic, ask whether to go on (a report from nothing is
 * a near-empty page). `--yes`, no terminal, or `--detach`: say it and go on.
 */
import { createInterface } from 'node:readline/promises';

/** The bundled corpus's topics (offline/corpus/types.ts CORPUS_TOPICS), with a topic to try for each. */
export const OFFLINE_TOPICS = ['deep-learning frameworks ("tensorflow vs pytorch")', 'solid-state batteries', 'remote work productivity'];

/** Fewer offline search results than this: the corpus does not really cover the topic. */
const COVERED_MIN_RESULTS = 3;

export interface OfflineTopicChoice {
  yes: boolean;
  detach: boolean;
  interactive: boolean;
  /** Asks the user a yes/no question; true to go on. */
  ask(question: string): Promise<boolean>;
  print(line: string): void;
}

/** True to start the run. `resultCount`: the offline search engine's results for the topic; undefined when it cannot be asked (say nothing of coverage then). */
export async function confirmOfflineTopic(topic: string, resultCount: number | undefined, choice: OfflineTopicChoice): Promise<boolean> {
  choice.print(`The offline corpus covers: ${OFFLINE_TOPICS.join('; ')}. Set OPENAI_API_KEY (and a search provider) for real research on any topic.`);
  if (resultCount === undefined || resultCount >= COVERED_MIN_RESULTS) return true;
  choice.print(`The offline corpus has little or nothing on "${topic.replace(/\s+/g, ' ')}": the report would be close to empty.`);
  if (choice.yes || choice.detach || !choice.interactive) {
    choice.print(choice.yes ? 'Going on (--yes).' : 'Going on (no terminal to ask; pass --yes to say so).');
    return true;
  }
  return choice.ask('Research it offline anyway? [y/N] ');
}

export async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
