/**
 * Recognizes pages that stand between us and the content: bot checks, CAPTCHAs, access-denied
 * walls, rate limits and paywalls. Real articles can mention the same words, so phrases only count
 * on short pages, or near the top of medium ones, and only exact block-page titles count at all.
 */

export interface PageForBlockCheck {
  status: number;
  title: string;
  text: string;
}

type Signal = readonly [pattern: RegExp, reason: string];

/** Whole-title matches: these are how block pages name themselves. */
const BLOCK_TITLES: readonly Signal[] = [
  [/^just a moment(\.{3}|…)?$/i, 'Cloudflare browser check ("Just a moment...")'],
  [/^attention required!?\s*(\|\s*cloudflare)?$/i, 'Cloudflare block page ("Attention Required")'],
  [/^(access denied|access to this page has been denied\.?)$/i, 'access denied'],
  [/^(403\s*)?forbidden$/i, 'access forbidden'],
  [/^(are you a (human|robot)\??|robot check|bot (check|verification)|security check|human verification|verify(ing)? you are human)$/i, 'bot check'],
  [/^pardon our interruption/i, 'bot wall ("Pardon Our Interruption")'],
  [/you have been blocked|^request (rejected|blocked)$/i, 'request blocked'],
  [/^(429\s*)?too many requests$/i, 'rate limited'],
];

/** Phrases only block pages use; they count on short pages and near the top of medium ones. */
const STRONG_PHRASES: readonly Signal[] = [
  [/checking (if the site connection is secure|your browser before accessing)/i, 'Cloudflare browser check'],
  [/(enable|turn on) javascript and cookies to continue/i, 'bot wall asking to enable JavaScript and cookies'],
  [/your request has been blocked due to a network policy/i, 'blocked by a network policy'],
  [/request unsuccessful\. incapsula incident/i, 'Imperva/Incapsula block'],
  [/pardon our interruption/i, 'bot wall ("Pardon Our Interruption")'],
  [/unusual traffic from your (computer )?network/i, 'blocked for unusual traffic'],
  [/(press|click) (&|and) hold (the button )?to confirm/i, 'bot check (press and hold)'],
  [/sorry, you have been blocked/i, 'Cloudflare block page'],
  [/access to this page has been denied/i, 'access denied'],
];

/** Words that also appear in ordinary writing; they count on tiny pages and short error pages only. */
const WEAK_PHRASES: readonly Signal[] = [
  [/\b(verify|confirm) (that )?you are (a )?human\b|\bare you a robot\b|\bi'?m not a robot\b/i, 'bot check'],
  [/\b(re)?captcha\b|\bhcaptcha\b/i, 'CAPTCHA'],
  [/\baccess (is )?denied\b|you don'?t have permission to access/i, 'access denied'],
  [/\byou have been blocked\b|\bthis request (was|has been) blocked\b/i, 'request blocked'],
  // JavaScript only: cookie banners also say "enable cookies to continue".
  [/\b(enable|turn on) javascript\b.{0,60}\b(continue|proceed|access)\b/i, 'bot wall asking to enable JavaScript'],
];

const PAYWALL_PHRASES: readonly RegExp[] = [
  /\bsubscribe (now |today )?to (continue|keep) reading\b/i,
  /\bto (continue|keep) reading,? (please )?(subscribe|log ?in|sign ?in|create an account)\b/i,
  /\b(sign|log) ?in to (continue|keep) reading\b/i,
  /\bcreate a free account to (continue|keep) reading\b/i,
  /\b(this|the rest of this) (article|story|content) is (only )?(available|reserved|exclusive) (only )?(to|for) (paid |paying |our )?(subscribers|members)\b/i,
  /\bfor subscribers only\b|\bsubscribers? only content\b/i,
];

/** Under this many characters a page has room for little besides the wall itself. */
const SHORT_PAGE_CHARS = 1500;
/** Ordinary words like "captcha" only count on pages this short, or on short error pages. */
const TINY_PAGE_CHARS = 600;
/** Up to this length, strong phrases still count when they open the page. */
const MEDIUM_PAGE_CHARS = 4000;
const OPENING_CHARS = 400;
/** A paywall only blocks when the teaser around it is this short. */
const PAYWALL_PAGE_CHARS = 1200;

function firstMatch(signals: readonly Signal[], text: string, within: number): string | undefined {
  for (const [pattern, reason] of signals) {
    const match = pattern.exec(text);
    if (match && match.index < within) return reason;
  }
  return undefined;
}

function withStatus(reason: string, status: number): string {
  return status >= 200 && status < 300 ? reason : `${reason} (HTTP ${status})`;
}

/** A short reason when the page is a bot wall, access-denied page, rate limit or paywall; otherwise undefined. */
export function detectBlockPage(page: PageForBlockCheck): string | undefined {
  const title = page.title.replace(/\s+/g, ' ').trim();
  const text = page.text.replace(/\s+/g, ' ').trim();
  const length = text.length;

  if (page.status === 429) return withStatus('rate limited by the site', page.status);
  if (length > MEDIUM_PAGE_CHARS) return undefined;

  const byTitle = firstMatch(BLOCK_TITLES, title, Infinity);
  if (byTitle) return withStatus(byTitle, page.status);

  const strongWithin = length <= SHORT_PAGE_CHARS ? Infinity : OPENING_CHARS;
  const byStrong = firstMatch(STRONG_PHRASES, `${title} ${text}`, strongWithin + title.length + 1);
  if (byStrong) return withStatus(byStrong, page.status);

  const weakCounts = length <= TINY_PAGE_CHARS || (page.status >= 400 && length <= SHORT_PAGE_CHARS);
  if (weakCounts) {
    const byWeak = firstMatch(WEAK_PHRASES, `${title} ${text}`, Infinity);
    if (byWeak) return withStatus(byWeak, page.status);
  }

  if (length <= PAYWALL_PAGE_CHARS && PAYWALL_PHRASES.some((pattern) => pattern.test(text))) {
    return withStatus('paywall: subscription required to read', page.status);
  }
  return undefined;
}
