/**
 * Every setting, read from the environment once, validated with zod. The entry points (client, worker)
 * call `loadConfig()` and hand the pieces down; nothing else reads process.env.
 */
import { z } from 'zod';
import { LanguageSchema, type ResearchSettings, ResearchSettingsSchema } from './domain/types';
import { knownModel, UNKNOWN_MODEL_LIMITS } from './llm/models';
import { SEARCH_PROVIDERS } from './search/types';
import { RENDER_MODES, type RenderMode } from './web/render/decision';
import type { SearchProviderSettings } from './search/index';
import { resolveTemporalTarget, type TemporalTarget, TemporalSettingsError } from './temporal/connection';
import { KeyFileError, type KeyRing, loadKeyRing } from './temporal/encryption';
import { parseAllowedHosts } from './web/allowedHosts';

const text = z.string().trim();
const optionalText = text.optional().transform((v) => (v ? v : undefined));

function int(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

function nonNegative() {
  return z.coerce.number({ error: 'must be a number' }).nonnegative({ error: 'must be 0 or more' });
}

function rate() {
  return z.coerce.number({ error: 'must be a number of requests per second, e.g. 2 or 0.5' }).positive({ error: 'must be more than 0 (leave unset for no limit)' });
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const url = z.url({ error: 'must be a URL such as http://localhost:8080' });

const ALLOWED_HOSTS_HELP = 'must be host or host:port entries separated by commas (IPv6 in brackets), e.g. wiki.intranet.example,10.0.0.5:8080,[fd00::5]:8443';

/** `host[:port],...` in normal form; the first entry that is none is named. */
const allowedHosts = text.transform((list, ctx) => {
  const parsed = parseAllowedHosts(list);
  if ('hosts' in parsed) return parsed.hosts;
  ctx.addIssue({ code: 'custom', message: `${ALLOWED_HOSTS_HELP}: "${parsed.bad}" is not one` });
  return z.NEVER;
});

/** The environment variables we read, with their defaults. README documents the same list (test/config.readme.test.ts checks they agree). */
export const EnvSchema = z.object({
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: url.optional(),
  RESEARCH_MODEL: text.min(1).default('gpt-4o-mini'),
  RESEARCH_PRICE_INPUT_PER_M: nonNegative().optional(),
  RESEARCH_PRICE_OUTPUT_PER_M: nonNegative().optional(),
  RESEARCH_CONTEXT_TOKENS: int(1024, 10_000_000).optional(),
  RESEARCH_MAX_OUTPUT_TOKENS: int(256, 1_000_000).optional(),
  LLM_JSON_MODE: z.enum(['json_schema', 'json_object', 'none'], { error: 'must be json_schema, json_object or none' }).default('json_schema'),
  LLM_TIMEOUT_MS: int(1000, 3_600_000).default(180_000),
  RESEARCH_OFFLINE: bool.optional(),

  SEARCH_PROVIDER: z.enum(SEARCH_PROVIDERS, { error: `must be one of ${SEARCH_PROVIDERS.join(', ')}` }).optional(),
  SEARCH_TIMEOUT_MS: int(1000, 120_000).default(20_000),
  SEARXNG_URL: url.optional(),
  SERPER_API_KEY: optionalText,
  SERPAPI_API_KEY: optionalText,
  GOOGLE_API_KEY: optionalText,
  GOOGLE_CSE_ID: optionalText,
  BRAVE_API_KEY: optionalText,
  TAVILY_API_KEY: optionalText,

  TEMPORAL_ADDRESS: text.regex(/^[^\s:/]+:\d{1,5}$/, { error: 'must be host:port, e.g. localhost:7233' }).optional(),
  TEMPORAL_NAMESPACE: optionalText,
  TEMPORAL_TASK_QUEUE: text.min(1).default('deep-research'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: bool.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_PROFILE: optionalText,
  TEMPORAL_CONFIG_FILE: optionalText,

  RESEARCH_ENCRYPTION_KEYS: optionalText,
  RESEARCH_INDEX_TOPIC: bool.default(false),
  CODEC_SERVER_PORT: int(1, 65_535).default(8888),
  CODEC_SERVER_TOKEN: text.min(16, { error: 'must be at least 16 characters (make one with: openssl rand -hex 32)' }).optional(),
  TEMPORAL_UI_ORIGIN: text.default('http://localhost:8233,http://127.0.0.1:8233'),
  TEMPORAL_UI_URL: text.url({ protocol: /^https?$/, error: 'must be the Temporal UI address, such as https://temporal.example.com' }).optional(),

  RESEARCH_OUTPUT_DIR: text.min(1).default('./reports'),
  RESEARCH_CACHE_DIR: text.min(1).default('./.cache/summaries'),
  RESEARCH_CACHE_TTL_HOURS: int(1, 24 * 365).default(168),
  RESEARCH_MAX_BUDGET_USD: z.coerce.number({ error: 'must be a number of US dollars, e.g. 2.5' }).positive({ error: 'must be more than 0' }).default(10),
  RESEARCH_LANGUAGE: LanguageSchema.default('en-us'),
  RESEARCH_KEYWORDS: int(1, 10).default(2),
  RESEARCH_QUERIES: int(1, 10).default(4),
  RESEARCH_DEPTH: int(1, 5).default(2),
  RESEARCH_BREADTH: int(1, 8).default(3),
  RESEARCH_SEARCH_RESULTS: int(1, 20).default(8),
  RESEARCH_URLS_PER_QUERY: int(1, 10).default(4),
  RESEARCH_MAX_PARALLEL_PAGES: int(1, 32).default(8),
  RESEARCH_MAX_PAGES_PER_HOST: int(1, 32).default(2),
  RESEARCH_REPORT_WORDS: int(100, 20_000).default(2000),
  RESEARCH_REVIEW_TIMEOUT_SECONDS: int(5, 86_400).default(600),
  RESEARCH_REPORT_MODE: z.enum(['sections', 'single']).default('sections'),

  RESEARCH_ALLOW_PRIVATE_NETWORK: bool.default(false),
  RESEARCH_ALLOWED_HOSTS: allowedHosts.optional(),
  FETCH_TIMEOUT_MS: int(1000, 300_000).default(20_000),
  FETCH_MAX_BYTES: int(10_000, 100_000_000).default(5_000_000),
  FETCH_MAX_REDIRECTS: int(0, 20).default(5),
  RESEARCH_RENDER: z.enum(RENDER_MODES, { error: 'must be auto, always or never' }).default('auto'),

  WORKER_MAX_CONCURRENT_ACTIVITIES: int(1, 1000).default(32),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: int(2, 1000).default(40),
  WORKER_SHUTDOWN_GRACE_MS: int(0, 3_600_000).default(30_000),
  WORKER_METRICS_PORT: int(1, 65_534).optional(),
  WORKER_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WORKER_OTEL_ENDPOINT: text.url({ protocol: /^https?$/, error: 'must be an OTLP/HTTP traces endpoint, such as http://localhost:4318/v1/traces' }).optional(),
  RESEARCH_LLM_RPS: rate().optional(),
  RESEARCH_SEARCH_RPS: rate().optional(),
});

export interface Config {
  llm: {
    apiKey?: string;
    baseUrl?: string;
    model: string;
    jsonMode: 'json_schema' | 'json_object' | 'none';
    timeoutMs: number;
  };
  /** True when no API key is set (or RESEARCH_OFFLINE=true): the run uses the bundled offline world. */
  offline: boolean;
  search: SearchProviderSettings;
  /** The server (address, namespace, TLS, API key: from the temporal.toml profile and TEMPORAL_*), and the task queue. */
  temporal: TemporalTarget & { taskQueue: string; uiUrl?: string };
  /** RESEARCH_ENCRYPTION_KEYS: payloads are encrypted with its first key; undefined when unset. */
  encryption?: KeyRing;
  /** RESEARCH_INDEX_TOPIC: with encryption, the topic still goes into the ResearchTopic search attribute. */
  indexTopic: boolean;
  /** `npm run codec-server`: its port, the bearer token it requires, and the UI origins its CORS allows. */
  codecServer: { port: number; token?: string; uiOrigins: string[] };
  fetch: {
    timeoutMs: number;
    maxBytes: number;
    maxRedirects: number;
    /** Loopback and private ranges, never link-local or cloud metadata addresses. */
    allowPrivateNetwork: boolean;
    /** Hosts reachable whatever their address (`host` or `host:port`, normal form): RESEARCH_ALLOWED_HOSTS. */
    allowedHosts: string[];
    userAgent: string;
    /** Pages built by script are rendered in chromium: when they need it (auto), always, or never. */
    render: RenderMode;
  };
  outputDir: string;
  /** Page summaries across runs; undefined when RESEARCH_CACHE_DIR=off. */
  cache?: { dir: string; ttlMs: number };
  research: ResearchSettings;
  worker: {
    maxConcurrentActivities: number;
    maxConcurrentWorkflowTasks: number;
    /** On SIGTERM/SIGINT: how long in-flight activities may take to finish before they are cancelled (and retried elsewhere). */
    shutdownGraceMs: number;
    /** WORKER_METRICS_PORT: Prometheus metrics of `npm run worker` on host:port (the SDK's exporter on port + 1, loopback); undefined: off. */
    metrics?: { host: string; port: number };
    /** WORKER_OTEL_ENDPOINT: OpenTelemetry traces of `npm run worker` sent to this OTLP/HTTP endpoint; undefined: off. */
    tracing?: { endpoint: string };
  };
  /** Requests per second across all workers of the task queue; undefined means no limit. */
  rateLimits: { llmRps?: number; searchRps?: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Browser-compatible, but honest about what is asking: many sites turn away clients that look like neither. */
export const USER_AGENT = 'Mozilla/5.0 (compatible; DeepResearchTemporal/0.1; research agent)';

/** Settings whose values never appear in a message. */
const SECRETS = new Set(['OPENAI_API_KEY', 'TEMPORAL_API_KEY', 'CODEC_SERVER_TOKEN', 'SERPER_API_KEY', 'SERPAPI_API_KEY', 'GOOGLE_API_KEY', 'BRAVE_API_KEY', 'TAVILY_API_KEY']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'setting');
      const got = cleaned[name] !== undefined && !SECRETS.has(name) ? ` (got "${cleaned[name]}")` : '';
      return `${name} ${i.message}${got}`;
    });
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const offline = e.RESEARCH_OFFLINE ?? !e.OPENAI_API_KEY;
  if (!offline && !e.OPENAI_API_KEY) {
    throw new ConfigError('invalid configuration: RESEARCH_OFFLINE=false needs OPENAI_API_KEY: set the key, or remove RESEARCH_OFFLINE to run offline');
  }
  return {
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.RESEARCH_MODEL,
      jsonMode: e.LLM_JSON_MODE,
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    offline,
    search: {
      provider: e.SEARCH_PROVIDER ?? (offline ? 'searxng' : 'duckduckgo'),
      timeoutMs: e.SEARCH_TIMEOUT_MS,
      searxngUrl: e.SEARXNG_URL,
      serperApiKey: e.SERPER_API_KEY,
      serpapiApiKey: e.SERPAPI_API_KEY,
      googleApiKey: e.GOOGLE_API_KEY,
      googleCseId: e.GOOGLE_CSE_ID,
      braveApiKey: e.BRAVE_API_KEY,
      tavilyApiKey: e.TAVILY_API_KEY,
    },
    temporal: { ...temporalTarget(e, env), taskQueue: e.TEMPORAL_TASK_QUEUE, uiUrl: e.TEMPORAL_UI_URL },
    encryption: e.RESEARCH_ENCRYPTION_KEYS ? keyRing(e.RESEARCH_ENCRYPTION_KEYS) : undefined,
    indexTopic: e.RESEARCH_INDEX_TOPIC,
    codecServer: { port: e.CODEC_SERVER_PORT, token: e.CODEC_SERVER_TOKEN, uiOrigins: uiOrigins(e.TEMPORAL_UI_ORIGIN) },
    fetch: {
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
      maxRedirects: e.FETCH_MAX_REDIRECTS,
      allowPrivateNetwork: e.RESEARCH_ALLOW_PRIVATE_NETWORK,
      allowedHosts: e.RESEARCH_ALLOWED_HOSTS ?? [],
      userAgent: USER_AGENT,
      render: e.RESEARCH_RENDER,
    },
    outputDir: e.RESEARCH_OUTPUT_DIR,
    cache: e.RESEARCH_CACHE_DIR === 'off' ? undefined : { dir: e.RESEARCH_CACHE_DIR, ttlMs: e.RESEARCH_CACHE_TTL_HOURS * 3_600_000 },
    research: researchSettings(e),
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
      ...(e.WORKER_METRICS_PORT ? { metrics: { host: e.WORKER_METRICS_HOST, port: e.WORKER_METRICS_PORT } } : {}),
      ...(e.WORKER_OTEL_ENDPOINT ? { tracing: { endpoint: e.WORKER_OTEL_ENDPOINT } } : {}),
    },
    rateLimits: { llmRps: e.RESEARCH_LLM_RPS, searchRps: e.RESEARCH_SEARCH_RPS },
  };
}

/** The Temporal server the settings name: the SDK's loader over the temporal.toml profile and the TEMPORAL_* settings. */
function temporalTarget(e: z.infer<typeof EnvSchema>, env: Record<string, string | undefined>): TemporalTarget {
  try {
    return resolveTemporalTarget(
      {
        TEMPORAL_ADDRESS: e.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: e.TEMPORAL_NAMESPACE,
        TEMPORAL_API_KEY: e.TEMPORAL_API_KEY,
        TEMPORAL_TLS: e.TEMPORAL_TLS,
        TEMPORAL_TLS_CLIENT_CERT_PATH: e.TEMPORAL_TLS_CLIENT_CERT_PATH,
        TEMPORAL_TLS_CLIENT_KEY_PATH: e.TEMPORAL_TLS_CLIENT_KEY_PATH,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
        TEMPORAL_TLS_SERVER_NAME: e.TEMPORAL_TLS_SERVER_NAME,
        TEMPORAL_PROFILE: e.TEMPORAL_PROFILE,
        TEMPORAL_CONFIG_FILE: e.TEMPORAL_CONFIG_FILE,
      },
      // Where the Temporal CLI keeps temporal.toml when TEMPORAL_CONFIG_FILE does not say.
      { HOME: env.HOME || undefined, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME || undefined, APPDATA: env.APPDATA || undefined },
    );
  } catch (err) {
    if (err instanceof TemporalSettingsError) throw new ConfigError(`invalid configuration: ${err.message}`);
    throw err;
  }
}

function keyRing(file: string): KeyRing {
  try {
    return loadKeyRing(file);
  } catch (err) {
    if (err instanceof KeyFileError) throw new ConfigError(`invalid configuration: RESEARCH_ENCRYPTION_KEYS: ${err.message}`);
    throw err;
  }
}

function uiOrigins(list: string): string[] {
  const origins = list.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`invalid configuration: TEMPORAL_UI_ORIGIN must be the UI's origins, comma-separated, such as http://localhost:8233 (got "${origin}")`);
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

function researchSettings(e: z.infer<typeof EnvSchema>): ResearchSettings {
  const model = knownModel(e.RESEARCH_MODEL);
  const inputPrice = e.RESEARCH_PRICE_INPUT_PER_M ?? model?.price.inputPerMillion;
  const outputPrice = e.RESEARCH_PRICE_OUTPUT_PER_M ?? model?.price.outputPerMillion;
  if (inputPrice === undefined || outputPrice === undefined) {
    throw new ConfigError(
      `invalid configuration: RESEARCH_MODEL "${e.RESEARCH_MODEL}" has no known price, so the budget of ` +
        `$${e.RESEARCH_MAX_BUDGET_USD} cannot be enforced: set RESEARCH_PRICE_INPUT_PER_M and RESEARCH_PRICE_OUTPUT_PER_M ` +
        `(USD per million tokens; 0 for a local model)`,
    );
  }
  const settings = ResearchSettingsSchema.safeParse({
    model: e.RESEARCH_MODEL,
    keywords: e.RESEARCH_KEYWORDS,
    queries: e.RESEARCH_QUERIES,
    depth: e.RESEARCH_DEPTH,
    breadth: e.RESEARCH_BREADTH,
    searchResults: e.RESEARCH_SEARCH_RESULTS,
    urlsPerQuery: e.RESEARCH_URLS_PER_QUERY,
    maxParallelPages: e.RESEARCH_MAX_PARALLEL_PAGES,
    maxPagesPerHost: e.RESEARCH_MAX_PAGES_PER_HOST,
    language: e.RESEARCH_LANGUAGE,
    reportWords: e.RESEARCH_REPORT_WORDS,
    reviewTimeoutSeconds: e.RESEARCH_REVIEW_TIMEOUT_SECONDS,
    reportMode: e.RESEARCH_REPORT_MODE,
    maxBudgetUsd: e.RESEARCH_MAX_BUDGET_USD,
    price: { inputPerMillion: inputPrice, outputPerMillion: outputPrice },
    contextTokens: e.RESEARCH_CONTEXT_TOKENS ?? model?.contextTokens ?? UNKNOWN_MODEL_LIMITS.contextTokens,
    maxOutputTokens: e.RESEARCH_MAX_OUTPUT_TOKENS ?? model?.maxOutputTokens ?? UNKNOWN_MODEL_LIMITS.maxOutputTokens,
  });
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  return settings.data;
}
