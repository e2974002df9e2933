/**
 * The research runs' custom search attributes, registered on a server that lacks them: by the dev-server
 * script (start-dev flags) and by `research` (the operator service) before it starts a run. With them,
 * the UI and `client list` filter runs, e.g. `ResearchStage='done' AND ResearchCostUsd > 0.01`.
 */
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions';

export interface ResearchSearchAttribute {
  name: string;
  type: SearchAttributeType;
  /** What it holds, for the `--query` help. */
  holds: string;
}

/** The attributes to register, from their one declaration (workflows/definitions.ts). */
export const RESEARCH_SEARCH_ATTRIBUTES: readonly ResearchSearchAttribute[] = Object.values(SEARCH_ATTRIBUTES).map(({ key, holds }) => ({
  name: key.name,
  type: key.type,
  holds,
}));

/** The `--query` help: each attribute a filter can use, with its type and what it holds. */
export function searchAttributeHelp(): string[] {
  return RESEARCH_SEARCH_ATTRIBUTES.map((a) => `${a.name} (${CLI_TYPE_NAMES[a.type]}): ${a.holds}`);
}

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `temporal server start-dev --search-attribute` values. */
export function searchAttributeFlags(): string[] {
  return RESEARCH_SEARCH_ATTRIBUTES.map((a) => `${a.name}=${CLI_TYPE_NAMES[a.type]}`);
}

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** The research attributes the namespace lacks. */
export async function missingSearchAttributes(connection: Connection, namespace: string): Promise<ResearchSearchAttribute[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return RESEARCH_SEARCH_ATTRIBUTES.filter((a) => !(a.name in (customAttributes ?? {})));
}

/**
 * Registers the attributes the namespace lacks; answers whether all of them are there afterwards. A
 * server that refuses (no operator rights, a hosted namespace managed elsewhere) leaves runs without
 * them: they still work, only the filters do not.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const missing = await missingSearchAttributes(connection, namespace);
    if (missing.length === 0) return true;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((a) => [a.name, INDEXED_TYPES[a.type]])),
    });
    return (await missingSearchAttributes(connection, namespace)).length === 0;
  } catch {
    return false;
  }
}
