/**
 * The stand-in's "What changed" paragraph: made only from the <changes> block (groups of "- item" lines, each
 * citing its source as [n]), one sentence per group, citations kept as given.
 */

function groups(block: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let heading = '';
  for (const line of block.split('\n')) {
    const item = /^- (.*)$/.exec(line);
    if (item) out.get(heading)?.push(item[1]);
    else if (/:\s*$/.test(line)) {
      heading = line.replace(/:\s*$/, '').trim();
      out.set(heading, []);
    }
  }
  return out;
}

const citations = (lines: readonly string[]) => lines.flatMap((l) => l.match(/\[\d+\]/g) ?? []).join(' ');
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function changeSummaryAnswer(block: string): { summary: string } {
  const found = groups(block);
  const sentences: string[] = [];
  const added = found.get('New sources') ?? [];
  if (added.length > 0) sentences.push(`Since the last run, ${count(added.length, 'new source appeared', 'new sources appeared')} ${citations(added)}.`);
  const gone = found.get('Sources gone or unreadable now') ?? [];
  if (gone.length > 0) sentences.push(`${count(gone.length, 'source of the last run is', 'sources of the last run are')} gone or unreadable now.`);
  for (const line of found.get('Figures changed') ?? []) {
    const change = /\[\d+\]: (.*?) → (.*?)\. Before:/.exec(line);
    if (change) sentences.push(`A figure changed from ${change[1]} to ${change[2]} ${citations([line])}.`);
  }
  const unsupported = found.get('Findings no longer supported') ?? [];
  if (unsupported.length > 0) sentences.push(`${count(unsupported.length, 'finding quoted before is', 'findings quoted before are')} no longer supported ${citations(unsupported)}.`);
  return { summary: sentences.join(' ') || 'Nothing changed since the last run.' };
}
