/** One printed figure: `name: value (target ...)`, and what RESULTS.md keeps of it. */
export interface Figure {
  name: string;
  value: string;
  target: string;
  /** false when measured and missing its target; undefined when there is no pass/fail. */
  met?: boolean;
}

export function line(f: Figure): string {
  const mark = f.met === undefined ? '' : f.met ? ' ok' : ' MISSED';
  return `${f.name}: ${f.value} (target ${f.target})${mark}`;
}

export const ratio = (x: number) => x.toFixed(3);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function atMost(name: string, value: number, limit: number, format: (x: number) => string, target = `≤ ${format(limit)}`): Figure {
  return { name, value: format(value), target, met: value <= limit };
}
