/**
 * The awkward URLs a real search returns: a bot-block page, a dead link, a moved article, a page padded to
 * megabytes, a PDF, and an image. All text is original and fictional.
 */
import type { PdfDocumentSpec } from '../pdf';
import { escapeHtml } from '../markup';

export const BOT_BLOCK = {
  path: '/devpulse/articles/tensorflow-vs-pytorch-definitive-guide',
  title: 'TensorFlow vs PyTorch: The Definitive 2026 Guide | DevPulse',
  snippet:
    'Everything you need to choose between TensorFlow and PyTorch: performance, ecosystem, deployment, learning curve and the job market, updated for 2026.',
  boilerplate: [
    'Your request has been blocked due to a network policy',
    'Sorry, you have been blocked',
    'Verify you are human',
    'Performance & security by EdgeShield',
  ],
};

export function botBlockHtml(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Attention Required! | EdgeShield</title>
  <meta name="robots" content="noindex, nofollow">
</head>
<body>
  <div class="block-page">
    <h1>Sorry, you have been blocked</h1>
    <p>Your request has been blocked due to a network policy.</p>
    <p>This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution. Several actions could trigger this block, including submitting a certain word or phrase, a SQL command or malformed data.</p>
    <h2>Verify you are human</h2>
    <p>Please complete the security check below to continue to DevPulse.</p>
    <form class="captcha" action="#verify" method="post">
      <label><input type="checkbox" name="human"> I am not a robot</label>
      <div class="captcha-challenge" data-sitekey="es-7c1d40a9">Select all images with traffic lights</div>
      <button type="submit">Continue</button>
    </form>
    <p class="block-footer">EdgeShield Ray ID: 8f3a2c1d9e0b7a64 · ${escapeHtml('Performance & security by EdgeShield')}</p>
  </div>
</body>
</html>
`;
}

export const NOT_FOUND = {
  path: '/ml-weekly/2023/08/pytorch-or-tensorflow-which-to-learn-first',
  title: 'PyTorch or TensorFlow: which should you learn first? | ML Weekly',
  snippet: 'A beginner-friendly comparison of PyTorch and TensorFlow for deep learning, with a study plan for each framework and the resources we recommend.',
  boilerplate: ['404 · Page not found', "We couldn't find the page you were looking for", 'Back to the ML Weekly homepage'],
};

export function notFoundHtml(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Page not found | ML Weekly</title>
</head>
<body>
  <header class="site-header"><a href="#home">ML Weekly</a><nav><a href="#archive">Archive</a> · <a href="#about">About</a></nav></header>
  <main>
    <h1>404 · Page not found</h1>
    <p>We couldn't find the page you were looking for. It may have been moved, renamed or deleted.</p>
    <p><a href="#home">Back to the ML Weekly homepage</a></p>
  </main>
  <footer>© 2026 ML Weekly</footer>
</body>
</html>
`;
}

/** A generic 404 for paths outside the corpus. */
export function unknownPathHtml(path: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL ${escapeHtml(path)} was not found on this server.</p></body></html>
`;
}

export const REDIRECT = {
  path: '/quarry-systems/blog/2024/tf-vs-pytorch-benchmarks',
  title: 'TensorFlow vs PyTorch benchmarks on Quarry accelerators | Quarry Systems',
  snippet: 'Performance results for TensorFlow and PyTorch training on Quarry hardware: images per second, scaling efficiency and power draw.',
};

export const BINARY = {
  path: '/chartbase/images/tensorflow-vs-pytorch-popularity-2026.png',
  title: 'TensorFlow vs PyTorch popularity chart 2026 (PNG image) | ChartBase',
  snippet: 'Download the chart: monthly share of new open-source repositories using TensorFlow or PyTorch, 2019 to 2026, as a PNG image.',
};

export const PDF_PAGE = {
  path: '/northfield-tech/reports/NIT-TR-2026-14-framework-energy.pdf',
  title: 'Energy use of deep-learning frameworks: TensorFlow and PyTorch compared (NIT-TR-2026-14) [PDF] | Northfield Institute of Technology',
  snippet:
    'Technical report from the Sustainable Computing Group measuring the electricity drawn by training and inference workloads in TensorFlow and PyTorch on a university cluster.',
  facts: [
    'Training BERT-base to convergence consumed 41.2 kWh with PyTorch and 44.7 kWh with TensorFlow',
    'runs used a cluster of 16 nodes with four accelerators each',
    'TensorFlow used 6 percent less energy per thousand predictions than PyTorch',
  ],
};

export const PDF_DOCUMENT: PdfDocumentSpec = {
  title: 'NIT-TR-2026-14: Energy Use of Deep-Learning Frameworks',
  author: 'Henrik Vasquez-Moll and Priya Raman-Tanaka',
  paragraphs: [
    { text: 'Northfield Institute of Technology, Sustainable Computing Group', heading: true },
    { text: 'Technical Report NIT-TR-2026-14: Energy Use of Deep-Learning Frameworks', heading: true },
    { text: 'Henrik Vasquez-Moll and Priya Raman-Tanaka, October 2026' },
    { text: 'Abstract', heading: true },
    {
      text:
        'We measured the electricity drawn by identical training and inference workloads written in TensorFlow and PyTorch on a shared ' +
        'university GPU cluster. Measurements were taken at the wall socket of every node rather than estimated from chip counters, which ' +
        'tend to under-report the energy used by memory, storage and cooling.',
    },
    { text: 'Method', heading: true },
    {
      text:
        'All PyTorch and TensorFlow runs used a cluster of 16 nodes with four accelerators each. Every workload was repeated five times ' +
        'with the same data order, and we report the median run. Both frameworks were used at the versions current in June 2026, with ' +
        'their recommended compilers enabled.',
    },
    { text: 'Results', heading: true },
    {
      text:
        'Training BERT-base to convergence consumed 41.2 kWh with PyTorch and 44.7 kWh with TensorFlow, a difference we traced mostly to ' +
        'idle time in the input pipeline rather than to the numerical kernels of either framework. For batch inference, TensorFlow used ' +
        '6 percent less energy per thousand predictions than PyTorch when both served the same exported model through their native ' +
        'runtimes. With a shared runtime for both exported models, the two were indistinguishable.',
    },
    { text: 'Conclusion', heading: true },
    {
      text:
        'The choice between TensorFlow and PyTorch changes energy use by less than a tenth in our measurements. Data loading, batch size ' +
        'and hardware utilisation matter far more, and we recommend that groups which report the carbon cost of their experiments ' +
        'measure those first.',
    },
  ],
};

export const LARGE_PAGE_BOILERPLATE = ['Reply · Like · Report', 'Load more comments'];

const COMMENT_OPENERS = [
  'Been using PyTorch for years and',
  'Honestly, TensorFlow still',
  'Hot take:',
  'Came here to say that',
  'As someone who teaches this stuff,',
  'Our team tried both and',
  'Every year this thread and every year',
  'Not to start a war, but',
  'Keras user here, and',
  'Serious question:',
];
const COMMENT_MIDDLES = [
  'the debugging story is what keeps me around',
  'the deployment tooling matters more than the benchmarks',
  'nobody reads the release notes until something breaks',
  'the real bottleneck is the data loader, not the framework',
  'switching costs are always bigger than the blog posts admit',
  'the docs got a lot better this year',
  'it depends entirely on where the model has to run',
  'people underestimate how much hiring drives this choice',
  'the compiler work changed my mind a little',
  'I miss the days when we only argued about tabs and spaces',
  'mobile is where the differences still show up',
];
const COMMENT_CLOSERS = [
  'Happy to be proven wrong.',
  'Change my mind.',
  'Anyway, great article.',
  'Source: my own painful migration.',
  'This is the way.',
  'Upvoting for visibility.',
  'See you all in next year’s thread.',
];
const USER_ADJECTIVES = ['quiet', 'sleepy', 'brave', 'lazy', 'curious', 'grumpy', 'clever', 'rusty', 'shiny', 'tidy'];
const USER_NOUNS = ['tensor', 'gradient', 'kernel', 'batch', 'epoch', 'neuron', 'layer', 'optimizer', 'pixel', 'token', 'shard'];

function comment(i: number): string {
  const user = `${USER_ADJECTIVES[i % USER_ADJECTIVES.length]}_${USER_NOUNS[(i * 7) % USER_NOUNS.length]}${(i * 37) % 1000}`;
  const text = `${COMMENT_OPENERS[i % COMMENT_OPENERS.length]} ${COMMENT_MIDDLES[(i * 3) % COMMENT_MIDDLES.length]}. ${COMMENT_CLOSERS[(i * 5) % COMMENT_CLOSERS.length]}`;
  const hours = 1 + ((i * 11) % 71);
  const votes = (i * 17) % 230;
  return `        <li class="comment" id="comment-${i}">
          <div class="comment-meta"><img class="avatar" src="/avatars/${(i * 13) % 400}.png" alt="" width="32" height="32"> <a class="comment-author" href="#u-${user}">${user}</a> <time>${hours} hours ago</time> <span class="comment-votes" aria-label="votes">▲ ${votes}</span></div>
          <div class="comment-body"><p>${escapeHtml(text)}</p></div>
          <div class="comment-actions">Reply · Like · Report</div>
        </li>`;
}

/** Reader comments until the section is about `targetBytes` long; the section sits after <main>. */
export function commentsSection(targetBytes: number): string {
  const parts: string[] = ['  <section id="comments" class="comments" aria-label="Reader comments">', '    <h2>Reader comments</h2>', '    <ol class="comment-list">'];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const html = comment(i);
    parts.push(html);
    size += Buffer.byteLength(html) + 1;
  }
  parts.push('    </ol>', '    <button type="button" class="load-more">Load more comments</button>', '  </section>', '');
  return parts.join('\n');
}
