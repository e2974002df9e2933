/**
 * One source of truth for settings: the README's configuration table, the environment schema
 * (src/config.ts) and the run-settings schema (src/domain/types.ts) agree on names, defaults and bounds.
 * Pure: reads README.md and the schemas, no server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { EnvSchema, loadConfig } from '../src/config';
import { ResearchSettingsSchema } from '../src/domain/types';
import { UNKNOWN_MODEL_LIMITS } from '../src/llm/models';

interface Row {
  variables: string[];
  default: string;
}

/** The rows of the README table headed `| variable | default | meaning |`. */
function readmeSettings(): Row[] {
  const lines = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\|\s*variable\s*\|\s*default\s*\|/.test(line));
  if (header < 0) throw new Error('README.md has no `| variable | default | meaning |` table');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [names, defaultCell] = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
    rows.push({ variables: [...names.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]), default: defaultCell });
  }
  return rows;
}

const ROWS = readmeSettings();
const DOCUMENTED = ROWS.flatMap((row) => row.variables.map((variable) => ({ variable, cell: row.default })));
const ENV_DEFAULTS: Record<string, unknown> = EnvSchema.parse({});

/** Defaults worked out by loadConfig rather than declared in the schema, as the README words them. */
const COMPUTED: Record<string, () => string> = {
  RESEARCH_OFFLINE: () => `\`${loadConfig({}).offline}\` when no key`,
  SEARCH_PROVIDER: () => `\`${loadConfig({ OPENAI_API_KEY: 'sk-test' }).search.provider}\` online, \`${loadConfig({}).search.provider}\` offline`,
  TEMPORAL_ADDRESS: () => `\`${loadConfig({}).temporal.address}\``,
  TEMPORAL_NAMESPACE: () => `\`${loadConfig({}).temporal.namespace}\``,
  RESEARCH_CONTEXT_TOKENS: () => `from the table; ${UNKNOWN_MODEL_LIMITS.contextTokens} / ${UNKNOWN_MODEL_LIMITS.maxOutputTokens} for unknown models`,
  RESEARCH_MAX_OUTPUT_TOKENS: () => `from the table; ${UNKNOWN_MODEL_LIMITS.contextTokens} / ${UNKNOWN_MODEL_LIMITS.maxOutputTokens} for unknown models`,
};

/** The environment variable behind each run setting that has a default, and a valid value other than it. */
const RUN_SETTINGS: Record<string, { variable: string; other: number | string }> = {
  keywords: { variable: 'RESEARCH_KEYWORDS', other: 3 },
  queries: { variable: 'RESEARCH_QUERIES', other: 5 },
  searchResults: { variable: 'RESEARCH_SEARCH_RESULTS', other: 9 },
  urlsPerQuery: { variable: 'RESEARCH_URLS_PER_QUERY', other: 5 },
  maxParallelPages: { variable: 'RESEARCH_MAX_PARALLEL_PAGES', other: 9 },
  maxPagesPerHost: { variable: 'RESEARCH_MAX_PAGES_PER_HOST', other: 3 },
  language: { variable: 'RESEARCH_LANGUAGE', other: 'de-de' },
  reportWords: { variable: 'RESEARCH_REPORT_WORDS', other: 1500 },
  maxBudgetUsd: { variable: 'RESEARCH_MAX_BUDGET_USD', other: 2.5 },
  reviewTimeoutSeconds: { variable: 'RESEARCH_REVIEW_TIMEOUT_SECONDS', other: 90 },
  reportMode: { variable: 'RESEARCH_REPORT_MODE', other: 'single' },
  depth: { variable: 'RESEARCH_DEPTH', other: 1 },
  breadth: { variable: 'RESEARCH_BREADTH', other: 4 },
};

type Shape = Record<string, z.ZodType>;
const settingsShape = ResearchSettingsSchema.shape as unknown as Shape;
const envShape = EnvSchema.shape as unknown as Shape;

/** Values either side of a setting's bounds, and some that no bound should let through. */
function probes(schema: z.ZodType): unknown[] {
  const inner = (schema as unknown as { unwrap(): z.ZodType }).unwrap() as z.ZodType & { minValue?: number | null; maxValue?: number | null };
  if (inner.def.type === 'string') return ['', ' ', 'a', 'ab', 'en-us', 'x'.repeat(35), 'x'.repeat(36)];
  const edges = [inner.minValue, inner.maxValue].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return [...new Set([...edges.flatMap((v) => [v - 1, v - 0.5, v, v + 0.5, v + 1]), -1, 0, 0.5, 1])];
}

describe('the README configuration table', () => {
  it('documents every environment variable the configuration reads, and no other', () => {
    expect(DOCUMENTED.map((d) => d.variable).sort()).toEqual(Object.keys(envShape).sort());
  });

  it.each(DOCUMENTED)('states the default of $variable as the configuration has it', ({ variable, cell }) => {
    if (ENV_DEFAULTS[variable] !== undefined) expect(cell).toBe(`\`${String(ENV_DEFAULTS[variable])}\``);
    else if (COMPUTED[variable]) expect(cell).toBe(COMPUTED[variable]());
    // No default: the README must not claim one.
    else expect(cell).not.toMatch(/^`[^`]*`$/);
  });
});

describe('the run settings and their environment variables', () => {
  it('name an environment variable for every run setting that has a default', () => {
    // A switch for one run (`--review`) is a command-line flag, not a setting of the deployment.
    const isSwitch = (key: string) => settingsShape[key].safeParse(true).success;
    const defaulted = Object.keys(settingsShape).filter((key) => settingsShape[key].safeParse(undefined).success && !isSwitch(key));
    expect(defaulted.sort()).toEqual(Object.keys(RUN_SETTINGS).sort());
  });

  it.each(Object.entries(RUN_SETTINGS))('%s: its variable sets it, with the same default and bounds', (key, { variable, other }) => {
    expect((loadConfig({ [variable]: String(other) }).research as Record<string, unknown>)[key]).toBe(other);
    expect(ENV_DEFAULTS[variable]).toBe(settingsShape[key].parse(undefined));
    for (const value of probes(settingsShape[key])) {
      const inSettings = settingsShape[key].safeParse(value).success;
      const inEnvironment = envShape[variable].safeParse(String(value)).success;
      expect({ value, accepted: inEnvironment }).toEqual({ value, accepted: inSettings });
    }
  });
});
