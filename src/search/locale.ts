/** Reads a language hint such as `en-us`, `pt_BR`, `zh-Hant-TW` or `fr`. */
export interface Locale {
  /** Lower-case language code, e.g. `en`. */
  language: string;
  /** Lower-case two-letter region code, e.g. `us`, when one was given. */
  region?: string;
}

export function parseLocale(hint: string | undefined): Locale | undefined {
  if (!hint) return undefined;
  const parts = hint.trim().toLowerCase().split(/[-_]/).filter(Boolean);
  const language = parts[0];
  if (!language || !/^[a-z]{2,3}$/.test(language)) return undefined;
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const region = last && /^[a-z]{2}$/.test(last) ? last : undefined;
  return region ? { language, region } : { language };
}

/** Google's `hl` (interface language) and `gl` (country to favour), used by Google and the Google-backed APIs. */
export function googleLocale(hint: string | undefined): { hl?: string; gl?: string } {
  const locale = parseLocale(hint);
  if (!locale) return {};
  // Chinese is the one language Google tells apart by region (zh-cn, zh-tw).
  const hl = locale.language === 'zh' && locale.region ? `zh-${locale.region}` : locale.language;
  return locale.region ? { hl, gl: locale.region } : { hl };
}
