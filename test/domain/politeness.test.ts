import { hostOf, nextPolitePage } from '../../src/domain/politeness';

describe('per-site politeness', () => {
  it('tells sites apart by host and port, ignoring case, paths and credentials', () => {
    expect(hostOf('https://Docs.Example.com/a/b?c#d')).toBe('docs.example.com');
    expect(hostOf('http://user:pw@127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
    expect(hostOf('http://[::1]:3000/')).toBe('[::1]:3000');
  });

  it('skips pages whose site is at its cap and picks the first page of a free site', () => {
    const queue = ['https://a.example/1', 'https://a.example/2', 'https://b.example/1'];
    expect(nextPolitePage(queue, new Map(), 2)).toBe(0);
    expect(nextPolitePage(queue, new Map([['a.example', 2]]), 2)).toBe(2);
    expect(nextPolitePage(queue, new Map([['a.example', 2], ['b.example', 2]]), 2)).toBe(-1);
    expect(nextPolitePage([], new Map(), 2)).toBe(-1);
  });
});
