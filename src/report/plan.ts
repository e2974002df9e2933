/**
 * The report's plan: what the model proposed, cleaned into something the workflow can fan out over, and
 * the word arithmetic (how long the sections, summary and conclusion are asked to be). Pure.
 */
import type { z } from 'zod';
import { ReportPlanAnswer } from '../llm/schemas';
import type { SourceSummary } from '../domain/types';
import { MIN_SECTION_WORDS, sectionsAtMost, wordTargets } from '../domain/words';

export { CONCLUSION_SHARE, LENGTH_AIM, MAX_SECTIONS, SUMMARY_SHARE, wordTargets } from '../domain/words';

/** A section's purpose is one short phrase: the plan is written before anything else, so its length is waited for. */
export const PURPOSE_WORDS = 12;


/**
 * The range of a section's share, relative to the mean share. Narrow: the sections are written in parallel,
 * so the stage lasts as long as the longest one; a section with less material is asked to go deeper.
 */
export const BALANCE = [0.85, 1.15] as const;

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

export const PlanAnswer = ReportPlanAnswer;
export type PlanAnswer = z.infer<typeof PlanAnswer>;

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
  const most = sectionsAtMost(reportWords);
  for (const s of answer.sections) {
    const heading = oneLine(s.heading, 120);
    if (!heading || seen.has(heading.toLowerCase())) continue;
    const ids = [...new Set((s.sources ?? []).map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= sourceCount))];
    if (ids.length === 0) continue;
    seen.add(heading.toLowerCase());
    const words = Number(s.words);
    sections.push({ heading, purpose: oneLine(s.purpose, 400) || heading, sourceIds: ids, words: Number.isFinite(words) && words > 0 ? words : 0 });
    if (sections.length >= most) break;
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
  const groups = Math.min(sectionsAtMost(reportWords), Math.max(1, Math.ceil(sources.length / 3)));
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
  const words = balancedShares(raw, targets.sections);
  const sections = plan.sections.map((s, i) => ({ ...s, words: Math.max(MIN_SECTION_WORDS, words[i]) }));
  return { title: plan.title, sections, summaryWords: targets.summary, conclusionWords: targets.conclusion };
}

/**
 * Whole-word shares of `total` in proportion to `weights`, each kept within BALANCE of the mean share
 * (total / n), summing to exactly `total`. Sections are written in parallel, so the longest one sets the
 * report's pace: a section the model gave twice the mean would double the stage's slowest call.
 * The proportional shares are clamped, then the others are rescaled so the sum still meets the total
 * (a fixed point found by bisection on the scale), then rounded by largest remainder. Pure.
 */
export function balancedShares(weights: readonly number[], total: number, band: readonly [number, number] = BALANCE): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const mean = total / n;
  const [lo, hi] = [mean * band[0], mean * band[1]];
  const w = weights.map((x) => (Number.isFinite(x) && x > 0 ? x : 0));
  const sum = w.reduce((a, b) => a + b, 0);
  const base = sum > 0 ? w.map((x) => x / sum) : w.map(() => 1 / n);
  const shares = (scale: number) => base.map((b) => Math.min(hi, Math.max(lo, b * total * scale)));
  const totalAt = (scale: number) => shares(scale).reduce((a, b) => a + b, 0);
  // totalAt is non-decreasing in the scale, from n·lo (≤ total) to n·hi (≥ total): bisect for the scale meeting total.
  let [a, b] = [0, 1];
  while (totalAt(b) < total && b < 1e9) b *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (a + b) / 2;
    if (totalAt(mid) < total) a = mid;
    else b = mid;
  }
  const exact = shares(b);
  const floors = exact.map(Math.floor);
  let left = Math.round(total) - floors.reduce((x, y) => x + y, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors;
}
