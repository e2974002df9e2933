/**
 * `research --language` accepts only a language a model can be asked to write in, refused in one line before
 * anything starts (no server is even reached: the address here answers nothing).
 */
import { promises as fs } from 'node:fs';
import { cli, tempDir } from './cli';

describe('research --language', () => {
  it.each(['xx-INVALID', 'zz', 'english'])('refuses %s in one line, before anything starts', async (language) => {
    const outputDir = await tempDir('language-');
    const r = await cli(['research', 'grid storage', '--language', language, '--yes'], { env: { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_OUTPUT_DIR: outputDir } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: --language must name a language a model can write in (a known language, and a known script and region if given), e.g. en-us, de-de, fr, pt-BR or zh-hant-tw',
    ]);
    expect(r.stdout).toBe('');
    expect(await fs.readdir(outputDir)).toEqual([]);
  });

  it('RESEARCH_LANGUAGE the same way, naming the setting', async () => {
    const r = await cli(['research', 'grid storage'], { env: { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_LANGUAGE: 'zz' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^error: invalid configuration: RESEARCH_LANGUAGE must name a language a model can write in .* \(got "zz"\)$/);
  });
});
