/** Does a page need a browser? The signs read from its static HTML, and the decision (pure, no browser). */
import { parseFlat } from '../../src/web/extract/tree';
import { clientRenderingSigns, wantsBrowser } from '../../src/web/render/decision';

const signs = (html: string) => clientRenderingSigns(parseFlat(html));
const ARTICLE = `<article><h1>Harbour</h1>${'<p>The new wall stands four metres above the spring tide line, the engineers said.</p>'.repeat(8)}</article>`;

describe('signs of client rendering', () => {
  it.each([
    ['an empty React root and a Vite bundle', '<div id="root"></div><script type="module" src="/assets/index-4b1c2d.js"></script>', { emptyRoot: true, scriptBundle: true, noscriptNote: false }],
    ['a Next.js shell', '<div id="__next"></div><script src="/_next/static/chunks/main-9a8b.js" defer></script>', { emptyRoot: true, scriptBundle: true, noscriptNote: false }],
    ['an Angular root and a noscript note', '<app-root></app-root><noscript>Please enable JavaScript to continue using this application.</noscript><script src="runtime.4f1.js"></script>', { emptyRoot: true, scriptBundle: true, noscriptNote: true }],
    ['a create-react-app note', '<noscript>You need to enable JavaScript to run this app.</noscript><div id="app"> </div>', { emptyRoot: true, scriptBundle: false, noscriptNote: true }],
  ])('reads %s', (_name, body, expected) => {
    expect(signs(`<!doctype html><html><head><title>App</title></head><body>${body}</body></html>`)).toEqual(expected);
  });

  it('finds none on an ordinary article page: a filled root, analytics scripts, a tracking-pixel noscript', () => {
    const html = `<html><head><script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body><div id="root">${ARTICLE}</div>
      <noscript><img src="https://pixel.example/p.gif" alt=""></noscript><script src="/js/comments.js"></script></body></html>`;
    expect(signs(html)).toEqual({ emptyRoot: false, scriptBundle: false, noscriptNote: false });
  });
});

describe('the decision', () => {
  const shell = { emptyRoot: true, scriptBundle: true, noscriptNote: false };
  const none = { emptyRoot: false, scriptBundle: false, noscriptNote: false };
  it('renders in auto mode only a page with too little text and a sign of client rendering', () => {
    expect(wantsBrowser('auto', 40, shell)).toBe(true);
    expect(wantsBrowser('auto', 40, none)).toBe(false); // a short page, but nothing says a script builds it
    expect(wantsBrowser('auto', 4_000, shell)).toBe(false); // server-rendered with a bundle on top
  });
  it('renders every HTML page with always', () => {
    expect(wantsBrowser('always', 4_000, none)).toBe(true);
  });
});
