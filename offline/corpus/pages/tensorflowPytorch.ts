/** Topic "tensorflow vs pytorch": content pages from six fictional sites. All text is original and fictional. */
import type { ArticleSpec, SiteChrome } from '../types';

const TOPIC = 'tensorflow vs pytorch' as const;

const kestrelLabs: SiteChrome = {
  kind: 'blog',
  name: 'Kestrel Labs Engineering',
  tagline: 'Field notes from the Kestrel Labs platform team',
  nav: ['Engineering', 'Research', 'Open source', 'Careers', 'About us'],
  cookieBanner: 'We use cookies to improve your experience on the Kestrel Labs blog. Choose "Accept all" or adjust your preferences at any time.',
  newsletter: {
    heading: 'Subscribe to the Kestrel Weekly newsletter',
    text: 'Every Friday we send the best PyTorch and TensorFlow engineering notes from our team straight to your inbox.',
    button: 'Join 12k engineers',
  },
  share: ['Share on Mastodon', 'Share on LinkedIn', 'Copy link to post'],
  sidebar: {
    heading: 'More from the Kestrel engineering blog',
    items: ['Scaling our feature store across nine regions', 'A field guide to flaky GPU tests', 'Why we still run TensorFlow Serving in 2026'],
  },
  footer: ['© 2026 Kestrel Labs Inc. · 400 Harbor Row, Portmere', 'Kestrel Labs is hiring ML platform engineers — see open roles'],
};

const circuitLedger: SiteChrome = {
  kind: 'news',
  name: 'The Circuit Ledger',
  tagline: 'Technology news for people who build it',
  nav: ['AI', 'Chips', 'Cloud', 'Security', 'Policy', 'Opinion'],
  cookieBanner: 'The Circuit Ledger and its partners store cookies on your device to personalise ads and measure audiences.',
  newsletter: {
    heading: 'Get the Ledger Morning Brief',
    text: 'The five technology stories you need before your first meeting, including what changed this week in PyTorch and TensorFlow.',
    button: 'Sign me up',
  },
  share: ['Share on Bluesky', 'Share on Facebook', 'Email this story'],
  sidebar: { heading: 'Most read on the Ledger', items: ['Chipmakers race to 2 nm', 'The quiet return of on-premise GPUs', 'Inside a model-evaluation sweatshop'] },
  footer: ['The Circuit Ledger is published by Ledger Media Group.', 'Copyright 2026 Ledger Media Group. Reproduction without permission is prohibited.'],
};

const latticeDocs: SiteChrome = {
  kind: 'docs',
  name: 'Lattice Cloud Docs',
  tagline: 'Documentation for the Lattice ML platform',
  nav: ['Model Serving', 'Edge', 'Pipelines', 'Billing', 'API reference', 'Release notes'],
  cookieBanner: 'Lattice Cloud uses essential cookies to keep you signed in and optional analytics cookies to improve these docs.',
  newsletter: {
    heading: 'Lattice platform changelog by email',
    text: 'Get a monthly summary of Lattice Serving releases, deprecations and new TensorFlow and PyTorch runtime versions.',
    button: 'Subscribe to the changelog',
  },
  share: ['Copy page link', 'Share on X'],
  sidebar: { heading: 'Related Lattice guides', items: ['Autoscaling endpoints', 'Quantising models for Lattice Edge', 'Migrating from TorchScript to torch.export'] },
  footer: ['© 2026 Lattice Cloud Ltd. Lattice and the Lattice logo are trademarks of Lattice Cloud Ltd.', 'Status page · Support portal · Community Slack'],
};

const westmarch: SiteChrome = {
  kind: 'university',
  name: 'University of Westmarch',
  tagline: 'School of Computing · News and events',
  nav: ['Study', 'Research', 'School of Computing', 'News', 'Events', 'Alumni'],
  cookieBanner: 'This university website uses cookies. Some are necessary for the site to work; others help us understand how visitors use it.',
  newsletter: {
    heading: 'Westmarch Research Bulletin',
    text: 'A fortnightly round-up of research news from across the university, from deep learning to deep-sea biology.',
    button: 'Receive the bulletin',
  },
  share: ['Share on LinkedIn', 'Share on Threads', 'Print this page'],
  sidebar: {
    heading: 'Related news from the School of Computing',
    items: ['Open day for postgraduate applicants: 14 November', 'Westmarch joins the Northern Compute Alliance', 'Student team wins robotics cup'],
  },
  footer: ['University of Westmarch, Castle Road, Westmarch WM1 4QD', 'Registered charity no. 1190231 · Freedom of information · Modern slavery statement'],
};

const stackHeap: SiteChrome = {
  kind: 'forum',
  name: 'StackHeap Community',
  tagline: 'The forum for working ML engineers',
  nav: ['Deep learning', 'MLOps', 'Careers', 'Off-topic', 'Forum rules'],
  cookieBanner: 'StackHeap uses cookies for login sessions and anonymous statistics. By browsing the forum you accept this.',
  newsletter: {
    heading: 'StackHeap digest',
    text: 'The week’s most useful threads on PyTorch, TensorFlow and MLOps, curated by our moderators.',
    button: 'Get the digest',
  },
  share: ['Share thread on Reddit', 'Share thread on Hacker News', 'Copy thread link'],
  sidebar: {
    heading: 'Hot threads this week',
    items: ['Is anyone still using Theano in production?', 'Best GPU for a home lab under 1000 dollars', 'Rate my MLOps stack'],
  },
  footer: ['StackHeap Community runs on volunteer moderation. Be kind, be specific.', '© 2026 StackHeap · Community guidelines · Moderation log'],
};

const quarry: SiteChrome = {
  kind: 'vendor',
  name: 'Quarry Systems',
  tagline: 'Accelerators for training at scale',
  nav: ['Products', 'Solutions', 'Developers', 'Customers', 'Company'],
  cookieBanner: 'Quarry Systems uses cookies and similar technologies to operate this site, analyse traffic and support our marketing.',
  newsletter: {
    heading: 'Quarry developer newsletter',
    text: 'Driver releases, tuning guides and new PyTorch and TensorFlow benchmark results for Quarry hardware, once a month.',
    button: 'Keep me posted',
  },
  share: ['Share on LinkedIn', 'Share on X', 'Download as PDF'],
  sidebar: { heading: 'Quarry resources', items: ['Q7 accelerator datasheet', 'Quarry driver 6.2 release notes', 'Talk to a solutions architect'] },
  footer: ['Quarry Systems, 1 Foundry Way, Alder Bay', '© 2026 Quarry Systems. Quarry and Q7 are registered trademarks.'],
};

const devWire: SiteChrome = {
  kind: 'news',
  name: 'DevWire',
  tagline: 'Developer news, loudly discussed',
  nav: ['News', 'Frameworks', 'Languages', 'Careers', 'Polls'],
  cookieBanner: 'DevWire needs your consent to use cookies for comments, personalised ads and audience measurement.',
  newsletter: {
    heading: 'DevWire Daily',
    text: 'Our daily email with the top developer stories and the liveliest comment threads about PyTorch, TensorFlow and friends.',
    button: 'Subscribe free',
  },
  share: ['Share on Reddit', 'Share on Mastodon', 'Share on LinkedIn'],
  sidebar: { heading: 'Trending on DevWire', items: ['Tabs versus spaces, the 2026 rematch', 'Is Rust eating C++?', 'Our annual salary survey is open'] },
  footer: ['DevWire is an independent publication.', '© 2026 DevWire Media · Advertise with us · Comment policy'],
};

const nimbusNotes: SiteChrome = {
  kind: 'blog',
  name: 'Nimbus Notes',
  tagline: 'A personal blog about mobile apps, machine learning and birds',
  nav: ['Posts', 'Projects', 'Talks', 'About me'],
  cookieBanner: 'This blog uses a single privacy-friendly analytics cookie. No ads, no trackers.',
  newsletter: {
    heading: 'Follow Nimbus Notes by email',
    text: 'Get new posts about on-device PyTorch and TensorFlow experiments when they are published, about twice a month.',
    button: 'Follow',
  },
  share: ['Share on Mastodon', 'Share on Bluesky'],
  sidebar: { heading: 'Recent posts on Nimbus Notes', items: ['Recording dawn chorus on a budget', 'My Android build setup', 'Quantisation without tears'] },
  footer: ['Written by hand in the Hollowmere valley.', '© 2026 Nimbus Notes · RSS feed · Colophon'],
};

const pawsAndWhiskers: SiteChrome = {
  kind: 'blog',
  name: 'Paws & Whiskers',
  tagline: 'Stories from the Harbor Lane animal shelter',
  nav: ['Adopt', 'Foster', 'Volunteer', 'Donate', 'Blog'],
  cookieBanner: 'Paws & Whiskers uses cookies to remember your donation preferences.',
  newsletter: {
    heading: 'The Purr Post',
    text: 'Monthly news from the shelter: new arrivals, happy endings and volunteer days.',
    button: 'Get the Purr Post',
  },
  share: ['Share on Facebook', 'Share on Pinterest'],
  sidebar: { heading: 'Animals waiting for a home', items: ['Biscuit, a gentle senior beagle', 'Marble and Pepper, bonded rabbits', 'Captain, a one-eyed ginger cat'] },
  footer: ['Paws & Whiskers, Harbor Lane Shelter, registered animal welfare charity.', '© 2026 Paws & Whiskers · Lost and found pets · Contact'],
};

export const kestrelCompileTimes: ArticleSpec = {
  path: '/kestrel-labs/blog/pytorch-compile-times-tensorflow-xla',
  topic: TOPIC,
  title: 'What PyTorch 2.9 did to our compile times, and where TensorFlow still wins | Kestrel Labs',
  snippet:
    'Kestrel Labs measured torch.compile warm-up, training throughput and TensorFlow XLA jobs across its own model zoo before deciding which framework to standardise on.',
  site: kestrelLabs,
  author: 'Ines Halvorsen',
  published: '2026-05-19',
  body: `
Our platform team trains and serves a little over two hundred models, split roughly evenly between PyTorch and TensorFlow for historical reasons. This spring we decided to find out whether it still made sense to maintain both stacks, so we measured the two frameworks on our own workloads rather than on public leaderboards.

## Compile times

The headline result surprised us. PyTorch 2.9 cut median torch.compile warm-up time by 37% on the Kestrel benchmark suite of 212 models, compared with the release we ran a year earlier. Most of the gain came from cached graph lowering, so a warm restart of a recommendation model now begins training in well under a minute.

TensorFlow does not have the same warm-up problem because its graphs are traced once and then reused, but tracing is harder to debug when something goes wrong. Our engineers filed about three times as many internal tickets about tf.function retracing as about torch.compile graph breaks.

## Training throughput

The 2026 Meridian Training Benchmark compared PyTorch and TensorFlow on identical hardware, but its full results are published separately.

- Small and medium models trained at practically the same speed on both frameworks.
- TensorFlow 2.19 with XLA still finished 8 of our 12 large-batch training jobs faster than PyTorch.
- PyTorch was faster on every job that used dynamic shapes, such as variable-length text batches.
- Peak memory use was close between the two on all but one job.

| Workload | PyTorch 2.9 (relative time) | TensorFlow 2.19 + XLA (relative time) |
| --- | --- | --- |
| Image classification, batch 1024 | 1.00 | 0.94 |
| Click-through ranking | 1.00 | 0.90 |
| Variable-length text | 1.00 | 1.21 |

## What we decided

We are standardising new projects on PyTorch, mainly because of hiring and debugging speed, while keeping the ranking models where XLA gives us a measurable edge. Moving our search ranking model alone to PyTorch saved an estimated 410 GPU-hours per week once we tuned its input pipeline, which paid for the migration work within a quarter.

If you run a similar mixed shop, measure on your own models first. Framework benchmarks published by vendors rarely match production traffic.
`,
  facts: [
    'PyTorch 2.9 cut median torch.compile warm-up time by 37% on the Kestrel benchmark suite of 212 models',
    'TensorFlow 2.19 with XLA still finished 8 of our 12 large-batch training jobs faster than PyTorch',
    'Moving our search ranking model alone to PyTorch saved an estimated 410 GPU-hours per week',
  ],
};

export const circuitLedgerSurvey: ArticleSpec = {
  path: '/circuit-ledger/news/2026/ml-framework-survey-pytorch-tensorflow',
  topic: TOPIC,
  title: 'Survey: PyTorch keeps its grip on research as TensorFlow holds out in big-company production | The Circuit Ledger',
  snippet:
    'A new industry survey of machine-learning engineers finds framework loyalty splitting along company size, with JAX a distant but growing third choice.',
  site: circuitLedger,
  author: 'Tomasz Reyes-Whitfield',
  published: '2026-10-06',
  body: `
A survey of machine-learning practitioners published on Tuesday suggests the long-running framework rivalry has settled into a truce drawn along company lines rather than ending with a clear winner.

Of the 4,210 machine-learning engineers surveyed by Brightwater Analytics in September, 71% named PyTorch as their primary framework, up from 64% in the firm's previous survey. The shift was sharpest among start-ups and academic labs, where almost nobody reported starting a new project in TensorFlow this year.

## Large companies move slowly

The picture is different inside large organisations. TensorFlow remained the primary framework at 44% of companies with more than 5,000 employees, largely because of models that have been in production for years and the serving infrastructure built around them.

"Nobody rewrites a fraud model that has worked for six years just because the research papers moved on," said Delphine Marchetti, who leads the survey programme at Brightwater. "The migration happens model by model, when something has to be retrained anyway."

| Company size | PyTorch primary | TensorFlow primary | JAX primary |
| --- | --- | --- | --- |
| Under 50 staff | 83% | 9% | 6% |
| 50 to 5,000 staff | 72% | 19% | 7% |
| Over 5,000 staff | 45% | 44% | 8% |

## JAX and the rest

- JAX was cited as the primary framework by 9% of respondents, well behind PyTorch and TensorFlow but ahead of everything else.
- Keras 3, which runs on top of PyTorch, TensorFlow or JAX, was used in some form by 31% of respondents.
- Fewer than 2% named any other framework.

Respondents said the quality of debugging tools and the availability of pretrained models mattered more to them than raw training speed. Only one in five said performance differences between PyTorch and TensorFlow had influenced their last framework decision.
`,
  facts: [
    'Of the 4,210 machine-learning engineers surveyed by Brightwater Analytics in September, 71% named PyTorch as their primary framework',
    'TensorFlow remained the primary framework at 44% of companies with more than 5,000 employees',
    'JAX was cited as the primary framework by 9% of respondents',
  ],
};

export const latticeServingDocs: ArticleSpec = {
  path: '/lattice-cloud/docs/serving/choosing-tensorflow-or-pytorch',
  topic: TOPIC,
  title: 'Choosing TensorFlow or PyTorch for Lattice Model Serving | Lattice Cloud Docs',
  snippet: 'Guidance on export formats, cold-start behaviour, edge packaging limits and latency for models deployed on Lattice Serving.',
  site: latticeDocs,
  author: 'Lattice documentation team',
  published: '2026-08-02',
  body: `
Lattice Model Serving runs models exported from both TensorFlow and PyTorch. This page explains the differences that matter once a model is in production, so that you can pick an export format before you build your pipeline.

## Supported export formats

- TensorFlow models are deployed as SavedModel directories.
- PyTorch models are deployed as TorchScript archives or as torch.export programs.
- ONNX files exported from either framework are accepted on all instance types.

## Cold starts

Cold-start time decides how quickly an endpoint can scale out under load. In our fleet measurements for the 2026.3 platform release, TensorFlow SavedModel artifacts start on Lattice Serving in a median of 2.4 seconds, compared with 3.1 seconds for TorchScript exports of the same models. Programs produced by torch.export start faster than TorchScript, at a median of 2.6 seconds, and are the recommended format for new PyTorch deployments.

| Endpoint (ResNet-50, batch 1) | p50 latency | p99 latency |
| --- | --- | --- |
| PyTorch, torch.export | 7 ms | 18 ms |
| TensorFlow, SavedModel | 8 ms | 21 ms |
| ONNX Runtime | 7 ms | 17 ms |

## Edge packages

On Lattice Edge, ExecuTorch packages for PyTorch and LiteRT packages for TensorFlow are both limited to 250 MB per model, including weights. Larger models must be quantised or split before upload.

## Recommendations

1. Use torch.export for new PyTorch models and SavedModel for TensorFlow models.
2. Enable warm pools for endpoints with strict latency targets, whichever framework you use.
3. Test the exported artifact, not the training checkpoint, in your continuous integration.

The framework itself rarely determines serving cost: instance type and batch size have a far larger effect than the choice between TensorFlow and PyTorch.
`,
  facts: [
    'TensorFlow SavedModel artifacts start on Lattice Serving in a median of 2.4 seconds, compared with 3.1 seconds for TorchScript exports',
    'torch.export start faster than TorchScript, at a median of 2.6 seconds',
    'ExecuTorch packages for PyTorch and LiteRT packages for TensorFlow are both limited to 250 MB per model',
  ],
};

export const westmarchReproducibility: ArticleSpec = {
  path: '/westmarch-university/computing/news/reproducibility-pytorch-tensorflow-papers',
  topic: TOPIC,
  title: 'Westmarch study: PyTorch papers are easier to reproduce than TensorFlow ones | University of Westmarch',
  snippet:
    'Researchers at the School of Computing tried to rerun published deep-learning experiments and compared how often the reported results held up for each framework.',
  site: westmarch,
  author: 'Westmarch press office',
  published: '2026-07-08',
  body: `
A team at the University of Westmarch School of Computing has published one of the largest attempts yet to rerun deep-learning experiments from their original code, and the framework the authors used turned out to matter.

Led by Professor Amara Okonkwo-Lindqvist, the team attempted to reproduce 186 PyTorch and TensorFlow papers published between 2022 and 2025 whose authors had released code. Each attempt used only the public repository, the paper and at most forty hours of engineering time.

## Main findings

Overall, 63% of PyTorch-based papers reproduced within 5% of the reported accuracy, against 48% of TensorFlow-based papers. The gap narrowed once the team controlled for the age of the paper: older TensorFlow code written before the 2.x releases accounted for most of the failures, often because pinned dependencies could no longer be installed.

- Missing or broken dependency files were the most common cause of failure.
- Undocumented data preprocessing was the second most common cause.
- Random-seed differences alone rarely changed results by more than one percentage point.

## Why the framework matters less than it seems

"It is tempting to read this as PyTorch being better for science," Professor Okonkwo-Lindqvist said. "What we actually see is that newer code is easier to run, and most newer code happens to be written in PyTorch."

The group recommends that conferences require a lock file and a container image with every code release, regardless of whether the work uses TensorFlow, PyTorch or JAX. The full record of reproduction attempts, including the lab notes, has been released under an open licence.

## About the study

The project was funded by the Westmarch Open Science Fund. Students on the graduate course in machine-learning systems carried out a third of the reproduction attempts as coursework.
`,
  facts: [
    'Led by Professor Amara Okonkwo-Lindqvist, the team attempted to reproduce 186 PyTorch and TensorFlow papers published between 2022 and 2025',
    '63% of PyTorch-based papers reproduced within 5% of the reported accuracy, against 48% of TensorFlow-based papers',
  ],
};

export const stackHeapThread: ArticleSpec = {
  path: '/stackheap/forum/t/switched-team-tensorflow-to-pytorch-one-year-later',
  topic: TOPIC,
  title: 'Switched our team from TensorFlow to PyTorch: one year later, ask me anything | StackHeap Community',
  snippet:
    'A team lead describes porting a production Keras codebase, what got easier, what got worse on mobile, and answers questions from other developers.',
  site: stackHeap,
  author: 'mlops_marta',
  published: '2026-03-14',
  body: `
### Original post by mlops_marta · 14 March 2026

Last year I argued on this forum that migrating was not worth it. Then we did it anyway, so here is the honest retrospective. Our 11-person team ported roughly 140,000 lines of Keras code to PyTorch in 9 weeks, including the data pipelines and the evaluation harness.

What got better:

- Debugging, because stepping through a PyTorch training loop in a normal debugger is still the biggest quality-of-life win.
- Hiring, because new graduates arrive knowing PyTorch and onboarding got much shorter.
- Research code, because we can run paper implementations without translating them first.

What got worse:

- Mobile, where our TensorFlow Lite models on mid-range Android phones still load 1.6x faster than the ExecuTorch builds of the same networks.
- Serving, where we had to rebuild the monitoring we used to get for free from TensorFlow Serving.

### Reply by tensor_tamsin · 14 March 2026

Did you keep any TensorFlow models in production, or was it a clean break?

### Reply by mlops_marta · 15 March 2026

Two models stayed on TensorFlow: the on-device keyword spotter and an old ranking model nobody wants to touch. Everything else runs on PyTorch now.

### Reply by gradient_gus · 15 March 2026

Same experience here, with a smaller team. The one thing I would add is to budget for evaluation parity. It took us longer to prove the PyTorch models matched the TensorFlow ones to within 0.2 points of AUC than it took to port them.

### Reply by quantized_quinn · 16 March 2026

On the mobile point, the ExecuTorch maintainers say the loading gap should shrink with the next release, but I would not plan a product around a roadmap.
`,
  facts: [
    'Our 11-person team ported roughly 140,000 lines of Keras code to PyTorch in 9 weeks',
    'TensorFlow Lite models on mid-range Android phones still load 1.6x faster than the ExecuTorch builds',
    'matched the TensorFlow ones to within 0.2 points of AUC',
  ],
};

/** Reached only through a 301 from its old address. */
export const quarryThroughput: ArticleSpec = {
  path: '/quarry-systems/blog/training-throughput-tensorflow-pytorch-q7',
  topic: TOPIC,
  title: 'Training throughput on Quarry Q7: TensorFlow and PyTorch benchmarked | Quarry Systems',
  snippet: 'Our performance team compares images per second, multi-card scaling and power draw for TensorFlow and PyTorch on Quarry accelerators.',
  site: quarry,
  author: 'Quarry performance engineering',
  published: '2026-04-22',
  body: `
Customers ask us the same question every week: which framework runs best on Quarry hardware? We ran standard training workloads on both frameworks with the Quarry 6.2 driver stack to give a straight answer.

## Single-card results

On ResNet-50 with mixed precision, PyTorch reached 2,930 images per second on a single Quarry Q7 card, while TensorFlow reached 2,715 images per second with XLA enabled. Without XLA, TensorFlow fell behind further, so we recommend leaving it on.

| Model | PyTorch (images/s) | TensorFlow with XLA (images/s) |
| --- | --- | --- |
| ResNet-50 | 2930 | 2715 |
| EfficientNet-B4 | 1104 | 1162 |
| ViT-B/16 | 1487 | 1395 |

## Scaling across cards

Multi-card training on 64 Q7 cards scaled at 91% efficiency with PyTorch FSDP and at 88% with the TensorFlow MultiWorkerMirroredStrategy. Both frameworks use the same Quarry collective library underneath, so the difference comes from how each overlaps communication with computation.

## Power draw

- Average board power was nearly identical between the two frameworks on every workload.
- Idle power between steps was slightly higher for PyTorch because of its eager warm-up phase.
- Neither framework needed custom kernels to reach these numbers.

## Our take

Both frameworks are first-class citizens on Quarry hardware. Pick the one your team knows, because the hardware will not be the deciding factor. Full scripts for every run are available to customers in the Quarry benchmark portal.
`,
  facts: [
    'PyTorch reached 2,930 images per second on a single Quarry Q7 card, while TensorFlow reached 2,715 images per second with XLA enabled',
    'scaled at 91% efficiency with PyTorch FSDP and at 88% with the TensorFlow MultiWorkerMirroredStrategy',
  ],
};

/** Served padded with thousands of reader comments to about 3 MB; the facts sit near the top. */
export const devWirePoll: ArticleSpec = {
  path: '/devwire/news/tensorflow-vs-pytorch-2026-reader-poll',
  topic: TOPIC,
  title: 'TensorFlow vs PyTorch in 2026: the argument that refuses to end | DevWire',
  snippet: 'Our readers voted, argued and voted again. Here is where the framework debate between TensorFlow and PyTorch stands this year, followed by thousands of comments.',
  site: devWire,
  author: 'Rosa Lindgren-Achterberg',
  published: '2026-09-30',
  body: `
Every year we ask DevWire readers which deep-learning framework they reach for first, and every year the comment section turns into the busiest page on the site.

In this year's reader poll of 18,450 developers, 58% picked PyTorch, 24% picked TensorFlow and 11% picked JAX, with the remainder split among smaller projects. TensorFlow's share among readers who deploy to phones and microcontrollers was much higher, at 47%.

## What changed since last year

- Keras 3 has made switching back ends cheap, and many readers said they no longer think of themselves as TensorFlow or PyTorch users at all.
- PyTorch's compiler work made the performance gap with TensorFlow's XLA disappear for most readers' models.
- TensorFlow remains the default choice for teams deploying to browsers through TensorFlow.js.

## The comments

As always, the discussion below got heated. We have kept it open with the usual rules: be kind, cite your benchmarks, and no framework memes in the first hundred replies.
`,
  facts: [
    "In this year's reader poll of 18,450 developers, 58% picked PyTorch, 24% picked TensorFlow and 11% picked JAX",
    "TensorFlow's share among readers who deploy to phones and microcontrollers was much higher, at 47%",
  ],
};

/** Served only after a long delay. */
export const nimbusMobile: ArticleSpec = {
  path: '/nimbus-notes/posts/mobile-inference-litert-vs-executorch',
  topic: TOPIC,
  title: 'Mobile inference in 2026: TensorFlow LiteRT vs PyTorch ExecuTorch | Nimbus Notes',
  snippet: 'A weekend of benchmarking on two phones: frame times, app size and developer experience for the two on-device runtimes of TensorFlow and PyTorch.',
  site: nimbusNotes,
  author: 'Oskar Feldmann-Ruiz',
  published: '2026-02-11',
  body: `
I build a small birdsong recognition app in my spare time, and this winter I finally ported it from TensorFlow Lite, now called LiteRT, to PyTorch's ExecuTorch to see whether the switch was worth it.

## Frame times

On the Korvo P8 phone, the int8 MobileNet model from TensorFlow LiteRT ran at 6.8 ms per frame, while the ExecuTorch build of the same PyTorch model ran at 7.9 ms. On an older Lumen A5 handset the gap was wider, mostly because the TensorFlow runtime's GPU delegate handled that chip better.

## App size

The ExecuTorch runtime added 1.9 MB to the APK of my PyTorch build, noticeably more than the LiteRT runtime added to the TensorFlow build. For an app this small, that difference is noticeable but not decisive.

## Developer experience

- Exporting from PyTorch with torch.export was easier than fighting TensorFlow converter errors.
- The ExecuTorch documentation still has gaps for Android audio pipelines.
- The LiteRT model analyser is the better tool for finding slow operators.

## Verdict

For now I am keeping the TensorFlow build in the store and the PyTorch build in beta. If the next ExecuTorch release closes the frame-time gap, I will switch for good, because training and exporting in one framework saves me an evening every time I retrain.
`,
  facts: [
    'the int8 MobileNet model from TensorFlow LiteRT ran at 6.8 ms per frame, while the ExecuTorch build of the same PyTorch model ran at 7.9 ms',
    'The ExecuTorch runtime added 1.9 MB to the APK of my PyTorch build',
  ],
};

/** Mentions the topic's words but is about something else entirely. */
export const pawsKittens: ArticleSpec = {
  path: '/paws-and-whiskers/blog/meet-tensorflow-and-pytorch-our-rescue-kittens',
  topic: TOPIC,
  title: 'Meet TensorFlow and PyTorch, the two rescue kittens running our office | Paws & Whiskers',
  snippet: 'Our newest foster kittens were named by a team of software engineers after their favourite tools. Here is how they are settling in and how you can adopt them.',
  site: pawsAndWhiskers,
  author: 'Maribel Ochoa',
  published: '2026-06-03',
  onTopic: false,
  body: `
Our two newest foster kittens arrived at the Harbor Lane shelter on a rainy Thursday, and the volunteers from a nearby software company who brought them in insisted on naming them TensorFlow and PyTorch.

## Settling in

The tabby, the larger of the pair, spends most of the day asleep on the warm printer in reception. Her brother prefers the windowsill and has learned to open the treat drawer with one paw. Both kittens were eleven weeks old when they arrived and weighed just over a kilogram each.

- They are vaccinated, microchipped and litter trained.
- They get along with calm dogs but not yet with other cats.
- They must be adopted together, because they sleep curled up as a pair.

## How to adopt

Adoption visits run every Saturday from ten until two. The adoption fee of 85 dollars covers both kittens, their first vet check and a starter bag of food. Send us a message through the form below and a volunteer will call you back within a day.
`,
  facts: ['The adoption fee of 85 dollars covers both kittens'],
};

export const TENSORFLOW_PYTORCH_ARTICLES = [
  kestrelCompileTimes,
  circuitLedgerSurvey,
  latticeServingDocs,
  westmarchReproducibility,
  stackHeapThread,
  quarryThroughput,
  devWirePoll,
  nimbusMobile,
  pawsKittens,
];
