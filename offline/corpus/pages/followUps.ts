/**
 * Pages only a follow-up round finds: each topic has a page (in its own file) that names a study, benchmark or
 * survey without giving its figures, and here is the page with those figures. The search engine returns one of
 * these only for a query that names its thing (`followUpOf`), never for the topic's own words, so a one-pass run
 * cannot reach its facts. All text is original and fictional.
 */
import type { ArticleSpec, SiteChrome } from '../types';

function site(name: string, kind: SiteChrome['kind'], tagline: string, subject: string): SiteChrome {
  return {
    kind,
    name,
    tagline,
    nav: ['Publications', 'Methods', 'Data', 'About us', 'Contact'],
    cookieBanner: `${name} uses only the cookies this site needs to work.`,
    newsletter: { heading: `${name} updates`, text: `New ${subject} publications and data releases, a few times a year.`, button: 'Subscribe' },
    share: ['Copy link', 'Share on LinkedIn'],
    sidebar: { heading: 'Also published', items: [`${subject} methods note`, 'Data dictionary', 'Earlier editions'] },
    footer: [`${name} publishes its data under an open licence.`, `© 2026 ${name} · Imprint · Accessibility`],
  };
}

export const meridianBenchmark: ArticleSpec = {
  path: '/meridian-benchmarks/reports/meridian-training-benchmark-2026',
  topic: 'tensorflow vs pytorch',
  followUpOf: 'Meridian Training Benchmark',
  title: 'Meridian Training Benchmark 2026: full results | Meridian Benchmarks',
  snippet: 'The complete tables of this year’s training benchmark: identical hardware, identical data pipelines, two frameworks.',
  site: site('Meridian Benchmarks', 'docs', 'Open, reproducible training benchmarks', 'benchmark'),
  author: 'Meridian benchmark committee',
  published: '2026-07-02',
  body: `
The Meridian Training Benchmark runs the same reference models on identical hardware with PyTorch and TensorFlow, each tuned by its own maintainers, and publishes every run.

## Results

In the 2026 edition, PyTorch finished the ResNet-50 reference run in 41.3 minutes against 44.8 minutes for TensorFlow on eight accelerators. On the transformer translation task TensorFlow with XLA reached the target quality in 2.6 hours, 9% sooner than PyTorch.

## Energy

Measured at the wall, PyTorch used 17.2 kWh for the full suite and TensorFlow 18.9 kWh, a gap the committee attributes mostly to data loading rather than to the frameworks themselves.

## Method

- Every model is trained three times per framework and the median run is reported.
- Framework maintainers may submit tuned configurations before the deadline.
- Logs and configurations are published with the results.
`,
  facts: [
    'PyTorch finished the ResNet-50 reference run in 41.3 minutes against 44.8 minutes for TensorFlow',
    'TensorFlow with XLA reached the target quality in 2.6 hours, 9% sooner than PyTorch',
    'PyTorch used 17.2 kWh for the full suite and TensorFlow 18.9 kWh',
  ],
};

export const nordhavnStudy: ArticleSpec = {
  path: '/nordhavn-institute/studies/cell-durability-study-2026',
  topic: 'solid-state batteries',
  followUpOf: 'Nordhavn Cell Durability Study',
  title: 'Nordhavn Cell Durability Study 2026: results for solid-state cells | Nordhavn Institute',
  snippet: 'Long-term cycling of commercial sample cells from several makers, tested under the same conditions.',
  site: site('Nordhavn Institute', 'university', 'Independent battery testing', 'cell testing'),
  author: 'Nordhavn Institute cell testing group',
  published: '2026-08-11',
  body: `
The Nordhavn Cell Durability Study cycles sample cells from several makers under identical conditions, so that claims about solid-state battery lifetime can be compared.

## Results

Solid-state cells from four manufacturers kept 91.5% of their capacity after 2,000 cycles at room temperature, against 84% for the liquid-electrolyte reference cells. The median capacity fade of the solid-state battery cells was 0.42% per 100 cycles.

## Failures

Two of the 48 solid-state cells failed by internal short circuit before 1,000 cycles, both from the same production batch, which the institute traced to a cracked separator.

## Method

- Cells were cycled at one full charge and discharge per day-equivalent rate.
- Stack pressure was held at each maker's recommended value.
- Capacity was checked every 100 cycles at 25 °C.
`,
  facts: [
    'Solid-state cells from four manufacturers kept 91.5% of their capacity after 2,000 cycles',
    'median capacity fade of the solid-state battery cells was 0.42% per 100 cycles',
    'Two of the 48 solid-state cells failed by internal short circuit before 1,000 cycles',
  ],
};

export const callowaySurvey: ArticleSpec = {
  path: '/calloway-research/surveys/hybrid-work-survey-2026',
  topic: 'remote work productivity',
  followUpOf: 'Calloway Hybrid Work Survey',
  title: 'Calloway Hybrid Work Survey 2026: the full results | Calloway Research',
  snippet: 'What remote and hybrid employees report about their own output, focus time and meetings, with the complete tables.',
  site: site('Calloway Research', 'docs', 'Surveys of work and workplaces', 'survey'),
  author: 'Calloway Research survey team',
  published: '2026-06-23',
  body: `
The Calloway Hybrid Work Survey asks employees every year how remote work changes their productivity, their focus time and their meetings.

## Results

Of the 6,400 remote and hybrid workers surveyed, 58% said they were more productive on remote work days, while 12% said they were less productive. Respondents reported 94 minutes of uninterrupted focus time on a remote work day against 51 minutes in the office.

## Meetings

Remote workers spent a median of 11.5 hours a week in meetings, up from 9 hours in the previous edition, and most of the increase was in meetings of more than eight people.

## Method

- The sample is weighted by industry and company size.
- Answers are self-reported and not checked against output data.
- The questionnaire has not changed since the first edition.
`,
  facts: [
    '58% said they were more productive on remote work days, while 12% said they were less productive',
    '94 minutes of uninterrupted focus time on a remote work day against 51 minutes in the office',
    'Remote workers spent a median of 11.5 hours a week in meetings',
  ],
};

export const FOLLOW_UP_ARTICLES = [meridianBenchmark, nordhavnStudy, callowaySurvey];
