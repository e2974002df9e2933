import { addUsage, type PageRecord, type ResearchSettings, type SourceSummary, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { tokensForWords } from '../domain/budget';
import { fitSummaries } from '../llm/fit';
import { type ChatMessage, continuePrompt, reportPrompt } from '../llm/prompts';
import { tokenCounter } from '../llm/tokens';
import { composeReport, scrubInput } from '../report/compose';
import { removeUnreadLinksOffThread } from '../report/linksThread';
import { writeReportFile } from '../report/file';
import { currentRun } from './currentRun';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

/** How many times the report may be continued after the model stops at its output limit. */
const MAX_CONTINUATIONS = 4;

/**
 * The body's size cap, checked before each paid call: the report travels through Temporal (activity and run
 * result), so it stays well under the 512 KB payload warning (2 MB is an error), appendix included.
 */
export const REPORT_MAX_BODY_CHARS = 300_000;
const CHARS_PER_OUTPUT_TOKEN = 4;

export interface WriteReportInput {
  topic: string;
  runId: string;
  sources: SourceSummary[];
  pages: PageRecord[];
  queries: string[];
  notes: string[];
  stoppedByBudget: boolean;
  /** The run was cancelled by request: the report says it is written from what was gathered until then. */
  cancelled?: boolean;
  settings: ResearchSettings;
}

export interface WriteReportResult {
  /** The report itself: it reaches the user through Temporal, from any machine. */
  markdown: string;
  words: number;
  /** The worker's own copy on its disk. */
  path?: string;
  usage: TokenUsage;
}

interface ReportCheckpoint {
  runId: string;
  text: string;
  usage: TokenUsage;
  done: boolean;
}

export function reportActivities(deps: ActivityDeps) {
  return {
    /** Writes the report with the model, checks its citations, saves the worker's copy, and returns the Markdown. */
    async writeReport(input: WriteReportInput): Promise<WriteReportResult> {
      const { topic, settings } = input;
      return withHeartbeat<ReportCheckpoint, WriteReportResult>(async (hb, signal) => {
        const resumed = hb.resumed?.runId === input.runId ? hb.resumed : undefined;
        let text = resumed?.text ?? '';
        let usage = resumed?.usage ?? ZERO_USAGE;
        const wanted = tokensForWords(settings.reportWords) + 400;
        const maxTokens = Math.min(settings.maxOutputTokens, wanted);
        const today = deps.now().toISOString().slice(0, 10);
        const run = currentRun(input.runId);

        if (input.sources.length === 0) {
          text = `# ${topic}\n\nNo page could be read and summarized for this topic, so there is nothing to report. The appendix lists what was tried and why each page was skipped.`;
        } else if (!resumed?.done) {
          // The summaries get what the window leaves after the instructions and the answer.
          const room = settings.contextTokens - maxTokens - 1_500;
          const sources = fitSummaries(input.sources, room, tokenCounter(settings.model));
          const base = reportPrompt(topic, sources, { language: settings.language, words: settings.reportWords, today });
          for (let turn = 0; turn <= MAX_CONTINUATIONS; turn++) {
            const room = Math.floor((REPORT_MAX_BODY_CHARS - text.length) / CHARS_PER_OUTPUT_TOKEN);
            if (room < 100) break; // at the size cap: no further call is paid for
            const messages: ChatMessage[] = text ? [...base, { role: 'assistant', content: text }, continuePrompt()] : base;
            const reply = await deps.llm.chat(messages, { maxTokens: Math.min(maxTokens, room), signal });
            usage = addUsage(usage, reply.usage);
            text = text ? joinContinuation(text, reply.text) : reply.text;
            const done = reply.finishReason !== 'length';
            hb.checkpoint({ runId: input.runId, text, usage, done });
            if (done) break;
          }
        }

        const parts = {
          topic,
          body: text,
          sources: input.sources,
          pages: input.pages,
          queries: input.queries,
          notes: input.notes,
          offline: deps.offline,
          stoppedByBudget: input.stoppedByBudget,
          cancelled: input.cancelled ?? false,
          run,
          date: today,
        };
        // The body is parsed for links off the event loop: other activities on this worker keep running.
        const report = composeReport({ ...parts, links: await removeUnreadLinksOffThread(...scrubInput(parts)) });
        const path = await writeReportFile(deps.outputDir, topic, report.markdown, run);
        return { markdown: report.markdown, words: report.words, path, usage };
      });
    },
  };
}

/** Continuations start mid-sentence or on a new line; avoid gluing words together. */
function joinContinuation(previous: string, next: string): string {
  if (/\s$/.test(previous) || /^\s/.test(next)) return previous + next;
  return /^[.,;:!?)\]]/.test(next) ? previous + next : `${previous} ${next}`;
}
