/**
 * The report's plan: what the model proposed, cleaned into something the workflow can fan out over, and
 * the word arithmetic (how long the sections, summary and conclusion are asked to be). Pure.
 */
import { z } from 'zod';
import type { SourceSummary } from '../domain/types';

export const MAX_SECTIONS = 8;

/** The length aimed at, a little over the minimum, so a model stopping a little short still meets it. */
export const LENGTH_AIM = 1.08;
export const SUMMARY_SHARE = 0.1;
export const CONCLUSION_SHARE = 0.08;

/** The range of a section's share, relative to the mean share. */
const BALANCE = [0.7, 1.3] as const;

export interface PlannedSection {
  heading: string;
  purpose: string;
  /** Run-wide source ids (1-based). */
  sourceIds: number[];
  words: number;
}

export interface ReportPlan {
  title: string;
  sections: PlannedSection[];
  summaryWords: number;
  conclusionWords: number;
}

export const PlanAnswer = z.object({
  title: z.string().optional(),
  sections: z.array(
    z.object({
      heading: z.string().optional(),
      purpose: z.string().optional(),
      sources: z.array(z.unknown()).optional(),
      words: z.unknown().optional(),
    }),
  ),
});
export type PlanAnswer = z.infer<typeof PlanAnswer>;

export function wordTargets(reportWords: number): { sections: number; summary: number; conclusion: number } {
  const aim = Math.round(reportWords * LENGTH_AIM);
  const summary = Math.round(aim * SUMMARY_SHARE);
  const conclusion = Math.round(aim * CONCLUSION_SHARE);
  return { sections: aim - summary - conclusion, summary, conclusion };
}

function oneLine(text: string | undefined, max: number): string {
  return (text ?? '').replace(/\s+/g, ' ').replace(/^#+\s*/, '').trim().slice(0, max);
}

/**
 * The model's plan made usable: ids in range and unique, headings present and distinct, at most
 * MAX_SECTIONS, every source used by some section, and word shares scaled to the body's target.
 * Undefined when nothing usable is left (the caller falls back to `fallbackPlan`).
 */
export function cleanPlan(answer: PlanAnswer | undefined, topic: string, sourceCount: number, reportWords: number): ReportPlan | undefined {
  if (!answer || sourceCount === 0) return undefined;
  const seen = new Set<string>();
  const sections: PlannedSection[] = [];
  for (const s of answer.sections) {
    const heading = oneLine(s.heading, 120);
    if (!heading || seen.has(heading.toLowerCase())) continue;
    const ids = [...new Set((s.sources ?? []).map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= sourceCount))];
    if (ids.length === 0) continue;
    seen.add(heading.toLowerCase());
    const words = Number(s.words);
    sections.push({ heading, purpose: oneLine(s.purpose, 400) || heading, sourceIds: ids, words: Number.isFinite(words) && words > 0 ? words : 0 });
    if (sections.length >= MAX_SECTIONS) break;
  }
  if (sections.length === 0) return undefined;
  // A source no section draws on goes to the section with the fewest sources.
  for (let id = 1; id <= sourceCount; id++) {
    if (sections.some((s) => s.sourceIds.includes(id))) continue;
    sections.reduce((a, b) => (b.sourceIds.length < a.sourceIds.length ? b : a)).sourceIds.push(id);
  }
  return withWords({ title: oneLine(answer.title, 200) || topic, sections }, reportWords);
}

/** When the model's plan is unusable: one section per group of up to three sources, named after the first. */
export function fallbackPlan(topic: string, sources: readonly SourceSummary[], reportWords: number): ReportPlan {
  const groups = Math.min(MAX_SECTIONS, Math.max(1, Math.ceil(sources.length / 3)));
  const sections: PlannedSection[] = [];
  for (let g = 0; g < groups; g++) {
    const ids = sources.map((_, i) => i + 1).filter((id) => (id - 1) % groups === g);
    const first = sources[ids[0] - 1];
    const heading = oneLine(first?.title, 120) || `Findings ${g + 1}`;
    sections.push({ heading: sections.some((s) => s.heading === heading) ? `${heading} (${g + 1})` : heading, purpose: `What the sources ${ids.map((i) => `[${i}]`).join(' ')} report on ${oneLine(topic, 200)}`, sourceIds: ids, words: 0 });
  }
  return withWords({ title: oneLine(topic, 200), sections }, reportWords);
}

/** Scales the sections' word shares (the model's proportions, or by source count) to the body's target. */
function withWords(plan: { title: string; sections: PlannedSection[] }, reportWords: number): ReportPlan {
  const targets = wordTargets(reportWords);
  const weights = plan.sections.map((s) => (s.words > 0 ? s.words : 0));
  const known = weights.filter((w) => w > 0);
  const typical = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const raw = weights.map((w, i) => (w > 0 ? w : typical * Math.max(1, plan.sections[i].sourceIds.length) / 2));
  // Sections are written in parallel, so the longest sets the pace: shares stay within 0.7–1.3× the mean.
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const filled = raw.map((w) => Math.min(Math.max(w, mean * BALANCE[0]), mean * BALANCE[1]));
  const total = filled.reduce((a, b) => a + b, 0);
  const sections = plan.sections.map((s, i) => ({ ...s, words: Math.max(60, Math.round((filled[i] / total) * targets.sections)) }));
  return { title: plan.title, sections, summaryWords: targets.summary, conclusionWords: targets.conclusion };
}
