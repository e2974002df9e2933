/**
 * What a run may be asked: a language a model can write in (a well-formed BCP 47 tag whose language, and
 * script and region if given, Intl knows), and a topic without controls, bidi controls or escapes, since it
 * becomes the report's title and is printed in the terminal. Both are checked before anything is paid:
 * by the CLI flag, the setting, and the run's input.
 */
import { ConfigError, loadConfig } from '../../src/config';
import { NewRunInputSchema } from '../../src/domain/newRun';
import { LanguageSchema, ResearchInputSchema, TopicSchema } from '../../src/domain/types';
import { HOSTILE_TITLE, CLEAN_TITLE } from '../text/hostileText';

const UNKNOWN = /^must name a language a model can write in/;

describe('LanguageSchema', () => {
  it.each(['en-us', 'de-de', 'fr', 'zh-hant-tw', 'pt-BR', 'EN-US', 'es-419', 'sr-Latn', 'en-001', 'ja-JP-u-ca-japanese'])('accepts %s, as typed', (tag) => {
    expect(LanguageSchema.parse(tag)).toBe(tag);
  });

  it.each([
    ['xx-INVALID', 'no language xx'],
    ['zz', 'no language zz'],
    ['english', 'a word, not a code'],
    ['und', 'undetermined'],
    ['mul', 'multiple languages'],
    ['zxx', 'no linguistic content'],
    ['en-ZZ', 'unknown region'],
    ['en-XX', 'no region XX'],
    ['en-Zzzz', 'unknown script'],
    ['en-Abcd', 'no script Abcd'],
  ])('refuses %s (%s): no language a model can be asked to write in', (tag) => {
    const parsed = LanguageSchema.safeParse(tag);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toEqual([expect.stringMatching(UNKNOWN)]);
  });

  it('says a malformed tag is malformed, in one message', () => {
    const parsed = LanguageSchema.safeParse('en_US');
    expect(parsed.error!.issues.map((i) => i.message)).toEqual(['must be a BCP 47 language tag such as en-us, de-de, fr or zh-hant-tw']);
  });

  it('RESEARCH_LANGUAGE is refused the same way, in one line naming the setting', () => {
    expect(() => loadConfig({ RESEARCH_LANGUAGE: 'xx-INVALID' })).toThrow(ConfigError);
    expect(() => loadConfig({ RESEARCH_LANGUAGE: 'zz' })).toThrow(/^invalid configuration: RESEARCH_LANGUAGE must name a language a model can write in .* \(got "zz"\)$/);
    expect(loadConfig({}).research.language).toBe('en-us');
  });

  it('a new run with an unknown language is refused before it starts, naming the setting', () => {
    const settings = { ...loadConfig({}).research, language: 'english' };
    const parsed = NewRunInputSchema.safeParse({ topic: 'grid storage', settings });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['settings', 'language'], message: expect.stringMatching(UNKNOWN) });
  });
});

describe('TopicSchema', () => {
  it('cleans the topic: no controls, bidi controls or escapes reach the title or the terminal', () => {
    expect(TopicSchema.parse(` ${HOSTILE_TITLE}\n`)).toBe(CLEAN_TITLE);
    const settings = loadConfig({}).research;
    expect(ResearchInputSchema.parse({ topic: `\u202Egrid\u202C storage\x1b]0;pwned\x07`, settings }).topic).toBe('grid storage');
  });

  it('a topic of nothing but controls is empty', () => {
    expect(TopicSchema.safeParse('\u202E\u200B\x1b[2J').error!.issues[0]!.message).toMatch(/^the topic is empty/);
  });

  it('keeps a right-to-left or joined topic as it is', () => {
    for (const topic of ['تخزين الطاقة في الشبكة', 'אחסון אנרגיה', 'می\u200Cخواهم', 'café']) expect(TopicSchema.parse(topic)).toBe(topic);
  });
});
