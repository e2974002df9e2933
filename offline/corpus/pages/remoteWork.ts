/** Topic "remote work productivity": content pages from six fictional sites. All text is original and fictional. */
import type { ArticleSpec, SiteChrome } from '../types';

const TOPIC = 'remote work productivity' as const;

const ridgeway: SiteChrome = {
  kind: 'university',
  name: 'Ridgeway School of Economics',
  tagline: 'Centre for Labour and Organisation Studies',
  nav: ['Programmes', 'Research centres', 'Working papers', 'Events', 'Media'],
  cookieBanner: 'Ridgeway uses cookies to measure how our research pages are read. You can opt out at any time.',
  newsletter: {
    heading: 'Ridgeway Research Digest',
    text: 'New working papers on labour markets, remote work and firm productivity, sent monthly.',
    button: 'Subscribe to the digest',
  },
  share: ['Share on LinkedIn', 'Share on Bluesky', 'Cite this page'],
  sidebar: { heading: 'Working paper series', items: ['Wage compression in platform work', 'Commuting costs and job search', 'Four-day weeks: a review'] },
  footer: ['Ridgeway School of Economics, 18 Orchard Square, Ridgeway', '© 2026 Ridgeway School of Economics · Data protection · Jobs'],
};

const metroBusiness: SiteChrome = {
  kind: 'news',
  name: 'Metro Business Daily',
  tagline: 'Business news for the working city',
  nav: ['Markets', 'Companies', 'Work', 'Property', 'Opinion'],
  cookieBanner: 'Metro Business Daily uses cookies and shares data with advertising partners. Manage choices in Privacy settings.',
  newsletter: {
    heading: 'The Metro Work Memo',
    text: 'Our Monday newsletter on offices, hiring and remote work trends for managers.',
    button: 'Get the memo',
  },
  share: ['Share on LinkedIn', 'Share on X', 'Gift this article'],
  sidebar: { heading: 'Most read in Work', items: ['Office rents fall for a third year', 'The rise of the fractional executive', 'Coworking chains consolidate'] },
  footer: ['Metro Business Daily is part of Civic Press Holdings.', '© 2026 Civic Press Holdings · Subscriptions · Syndication'],
};

const tandemDesk: SiteChrome = {
  kind: 'vendor',
  name: 'Tandem Desk',
  tagline: 'The calm workspace for distributed teams',
  nav: ['Product', 'Integrations', 'Pricing', 'Customers', 'Resources'],
  cookieBanner: 'Tandem Desk uses cookies to personalise content and to understand how visitors find our product.',
  newsletter: {
    heading: 'The Tandem Desk playbook',
    text: 'Practical tips for running remote teams, plus the latest research from our people-analytics lab.',
    button: 'Send me the playbook',
  },
  share: ['Share on LinkedIn', 'Share on X', 'Copy report link'],
  sidebar: { heading: 'Tandem Desk resources', items: ['Meeting-free day template', 'Async status update guide', 'Start a free 30-day trial'] },
  footer: ['Tandem Desk, Inc. · Made by a fully distributed team.', '© 2026 Tandem Desk · Security · Trust centre'],
};

const quietHours: SiteChrome = {
  kind: 'blog',
  name: 'Quiet Hours',
  tagline: 'An engineering manager on calm, async teams',
  nav: ['Essays', 'Templates', 'Reading list', 'About'],
  cookieBanner: 'Quiet Hours does not track you. This notice exists because the comment widget sets one cookie.',
  newsletter: {
    heading: 'Quiet Hours letters',
    text: 'One long essay a month about managing remote work without burning people out.',
    button: 'Subscribe',
  },
  share: ['Share on Mastodon', 'Share on LinkedIn'],
  sidebar: { heading: 'Popular essays', items: ['The decision log that saved our quarter', 'Writing culture for non-writers', 'On-call without heroes'] },
  footer: ['Quiet Hours is published independently.', '© 2026 Quiet Hours · RSS · Now page'],
};

const remoteGuild: SiteChrome = {
  kind: 'forum',
  name: 'Remote Guild',
  tagline: 'A forum for people who manage and work on distributed teams',
  nav: ['Management', 'Tools', 'Hiring', 'Wellbeing', 'Meta'],
  cookieBanner: 'Remote Guild uses cookies for sign-in and to remember your display preferences.',
  newsletter: {
    heading: 'Guild roundup',
    text: 'Top discussions about remote work, productivity measurement and tools, every other Thursday.',
    button: 'Join the roundup',
  },
  share: ['Share thread on LinkedIn', 'Copy link to discussion'],
  sidebar: { heading: 'Trending in the Guild', items: ['Timezone overlap calculators compared', 'How do you run remote offsites?', 'Home office tax rules thread'] },
  footer: ['Remote Guild is a community project funded by member donations.', '© 2026 Remote Guild · Code of conduct · Moderators'],
};

const euroWorkplace: SiteChrome = {
  kind: 'news',
  name: 'Euro Workplace Review',
  tagline: 'Employment and workplace news from across Europe',
  nav: ['Employment law', 'Pay', 'Remote work', 'Unions', 'Country guides'],
  cookieBanner: 'Euro Workplace Review uses cookies in line with the ePrivacy rules. Refuse or accept them below.',
  newsletter: {
    heading: 'Euro Workplace Weekly',
    text: 'Changes in employment law and pay practice across 30 countries, every Thursday.',
    button: 'Subscribe now',
  },
  share: ['Share on LinkedIn', 'Share on Xing', 'Email this page'],
  sidebar: { heading: 'Country guides', items: ['Working hours in Portugal', 'Right to disconnect in Belgium', 'Probation periods compared'] },
  footer: ['Euro Workplace Review · Rue des Tanneurs 40 · Brussels', '© 2026 Euro Workplace Review · Impressum · Datenschutz'],
};

export const ridgewayHybridStudy: ArticleSpec = {
  path: '/ridgeway-economics/research/hybrid-work-output-per-hour-field-study',
  topic: TOPIC,
  title: 'Two years of hybrid work: what happened to output per hour | Ridgeway School of Economics',
  snippet: 'A field study across several firms compares fully remote, hybrid and office-based teams on measured output, attrition and promotion rates.',
  site: ridgeway,
  author: 'Ridgeway labour economics group',
  published: '2026-04-14',
  body: `
Economists at the Ridgeway School of Economics followed employees through two years of changing work arrangements to measure what remote and hybrid work do to productivity, using output data recorded by the firms rather than self-reports.

The remote work study tracked 1,850 employees at 14 firms in software, insurance and customer support. Teams were assigned to fully remote, hybrid or office-based schedules by lottery, which lets the researchers compare like with like.

## Results

Among hybrid teams with three remote work days a week, output per hour rose 4.3% relative to office-based teams, driven mainly by fewer interruptions and less time lost to commuting fatigue. Fully remote work productivity was statistically indistinguishable from the office group overall, but varied widely between firms.

| Arrangement | Change in output per hour | Change in quit rate |
| --- | --- | --- |
| Office-based | baseline | baseline |
| Hybrid, two office days | higher | lower |
| Fully remote | no significant change | lower |

## Who gains and who loses

- Experienced staff gained the most from remote work days.
- New hires in fully remote teams received less feedback on their code and documents.
- Promotion rates did not differ between the groups over the two years.

The 2026 Calloway Hybrid Work Survey asked remote workers about their productivity too, but its full results are published separately.

The authors caution that the firms volunteered for the study and may be better at managing remote work than the average employer.
`,
  facts: ['tracked 1,850 employees at 14 firms in software, insurance and customer support', 'output per hour rose 4.3% relative to office-based teams'],
};

export const metroReturnToOffice: ArticleSpec = {
  path: '/metro-business-daily/work/return-to-office-mandates-attrition',
  topic: TOPIC,
  title: 'Return-to-office mandates linked to higher attrition among senior staff | Metro Business Daily',
  snippet: 'Data from a payroll provider suggests that strict office attendance rules push experienced employees out, with mixed effects on productivity.',
  site: metroBusiness,
  author: 'Priyanka Castellano',
  published: '2026-09-08',
  body: `
Companies that ordered staff back to the office five days a week lost experienced employees faster than those that kept flexible remote work policies, according to payroll data analysed for Metro Business Daily.

At firms that ended remote work and imposed full-time attendance, attrition among senior engineers rose from 11% to 17% in the year after the mandate, according to the analysis by payroll provider Ledgerly of 212 mid-sized employers. Attrition among junior staff barely changed.

## Productivity claims under scrutiny

Executives often justify mandates by pointing to collaboration and productivity, but few of the firms in the data measured output before and after the change. Of those that did, most reported no clear change in remote work productivity metrics such as tickets closed or sales calls completed.

- Senior staff cited commuting time as the main reason for leaving.
- Replacement hiring took an average of four months per senior role.
- Several firms quietly relaxed their mandates within a year.

"The cost of losing people who know how everything works is easy to underestimate," said an HR director at one of the firms. "You do not see it in a dashboard until a project slips."
`,
  facts: ['attrition among senior engineers rose from 11% to 17% in the year after the mandate', 'analysis by payroll provider Ledgerly of 212 mid-sized employers'],
};

export const tandemStateOfTeams: ArticleSpec = {
  path: '/tandem-desk/resources/state-of-distributed-teams-2026',
  topic: TOPIC,
  title: 'State of Distributed Teams 2026: focus time, meetings and remote work productivity | Tandem Desk',
  snippet: 'Our annual report on how remote and hybrid teams spend their days, with data on meetings, focus time and messaging habits.',
  site: tandemDesk,
  author: 'Tandem Desk People Analytics Lab',
  published: '2026-10-21',
  body: `
Every year our People Analytics Lab combines a survey with anonymised calendar data to understand how distributed teams actually work. This is the fourth edition of the report.

## Focus time

In our survey of 3,600 remote workers across 22 countries, respondents averaged 5.2 hours of uninterrupted focus time per day when their team held no more than two recurring meetings. Remote work productivity, as rated by managers, tracked focus time more closely than any other measure we collected.

## Meetings

- Teams with a weekly meeting-free day reported the highest satisfaction.
- Video meetings got shorter on average but more frequent.
- Written status updates replaced at least one meeting for most teams.

| Team setup | Meeting hours per week | Focus hours per day |
| --- | --- | --- |
| Fully remote | 7.5 | 5.0 |
| Hybrid | 9.0 | 4.4 |
| Office-based | 10.5 | 3.9 |

## Messaging

Message volume after working hours fell for the second year running. Remote workers who switched off notifications after 6 pm reported 23% fewer days of feeling exhausted, although we cannot tell whether switching off notifications is the cause.

Tandem Desk customers can compare their own team's figures with these benchmarks in the analytics dashboard.
`,
  facts: [
    'In our survey of 3,600 remote workers across 22 countries, respondents averaged 5.2 hours of uninterrupted focus time per day',
    'Remote workers who switched off notifications after 6 pm reported 23% fewer days of feeling exhausted',
  ],
};

export const quietHoursAsync: ArticleSpec = {
  path: '/quiet-hours/essays/a-year-of-async-first-remote-work',
  topic: TOPIC,
  title: 'A year of async-first remote work: what dropping daily standups did to our productivity | Quiet Hours',
  snippet: 'An engineering manager replaces most meetings with writing and reports what happened to delivery, onboarding and morale over twelve months.',
  site: quietHours,
  author: 'Marguerite Oyelaran',
  published: '2026-01-25',
  body: `
A year ago my team of fourteen engineers, spread over six time zones, stopped holding daily standups. Here is what async-first remote work did to our productivity, with the numbers I kept along the way.

## What we changed

Instead of a standup, everyone writes a short update in a shared log before lunch in their own time zone. Decisions go into a decision log, and any meeting needs a written agenda posted a day before.

Over the year, remote work in this style cut our meeting time from 9.5 to 4 hours per week per engineer, and we shipped 31 releases compared with 24 the year before. I do not claim the meetings were the only cause, but nobody wants them back.

## What got harder

- Onboarding, because new people missed hearing how decisions were argued.
- Urgent incidents, which still need a call and a clear lead.
- Social connection, which we now schedule deliberately with a monthly unstructured call.

## Advice if you try it

Write everything down, including the reasons for decisions. Measure before you start, so you can tell whether remote work productivity really improved or only feels better.
`,
  facts: [
    'remote work in this style cut our meeting time from 9.5 to 4 hours per week per engineer',
    'we shipped 31 releases compared with 24 the year before',
  ],
};

export const remoteGuildMeasuring: ArticleSpec = {
  path: '/remote-guild/t/how-do-you-measure-productivity-remote-team',
  topic: TOPIC,
  title: 'How do you actually measure productivity on a remote team? | Remote Guild',
  snippet: 'Managers compare the metrics they use for distributed teams and the ones they stopped using.',
  site: remoteGuild,
  author: 'lead_by_lena',
  published: '2026-07-19',
  body: `
### lead_by_lena · 19 July 2026

My director wants a single productivity number for our remote team and I am pushing back. What do you actually measure, and what did you stop measuring?

### async_arjun · 19 July 2026

We track cycle time from first commit to production. When our remote work productivity dropped last spring, cycle time went from 2.1 days to 3.4 days before anyone complained, so it was an early warning.

### kanban_kofi · 20 July 2026

We stopped using activity metrics completely. We piloted keystroke and mouse tracking on 40 laptops for one month and 6 people resigned, so the remote work experiment was over before it produced any data.

### lead_by_lena · 20 July 2026

Thanks, both. I will propose cycle time plus a quarterly survey instead.

- Measure outcomes, not activity.
- Agree the measures with the team before using them.
- Review them every quarter and drop the ones nobody uses.
`,
  facts: ['cycle time went from 2.1 days to 3.4 days before anyone complained', 'keystroke and mouse tracking on 40 laptops for one month and 6 people resigned'],
};

/** Served as windows-1252, so fetchers must honour the declared charset to read the euro signs. */
export const euroStipends: ArticleSpec = {
  path: '/euro-workplace-review/pay/remote-work-stipends-europe',
  topic: TOPIC,
  title: 'Remote work stipends across Europe: who pays what, and does it help productivity? | Euro Workplace Review',
  snippet: 'Home-office allowances range from nothing to generous annual budgets. A comparison of employer practice in five countries.',
  site: euroWorkplace,
  author: 'Anneliese Moreau-Kühn',
  published: '2026-06-26',
  charset: 'windows-1252',
  body: `
Employers across Europe handle the cost of home offices very differently, from fixed monthly allowances to one-off equipment budgets, and the effect on remote work productivity is hard to pin down.

## What employers pay

Among the 640 employers in our survey, the median remote work stipend was €1,200 per year, paid either monthly or as an equipment budget. Employers in Zürich and Amsterdam paid the most, while many employers in southern Europe paid nothing beyond a laptop.

| Country | Typical monthly allowance | Equipment budget |
| --- | --- | --- |
| Netherlands | € 90 | € 750 |
| Germany | € 60 | € 500 |
| Spain | € 25 | € 300 |
| Portugal | € 40 | € 400 |

## Does it help?

- Employees with a proper desk and chair reported fewer days lost to back pain.
- Stipends alone did not change how productive employees felt.
- Clear rules on working hours mattered more than money.

Remote staff who received an ergonomic equipment budget took 1.8 fewer sick days per year on average than those who did not. Several countries now require employers to contribute to home-office costs when remote work is agreed in the contract.
`,
  facts: [
    'the median remote work stipend was €1,200 per year',
    'Remote staff who received an ergonomic equipment budget took 1.8 fewer sick days per year',
  ],
};

export const REMOTE_WORK_ARTICLES = [
  ridgewayHybridStudy,
  metroReturnToOffice,
  tandemStateOfTeams,
  quietHoursAsync,
  remoteGuildMeasuring,
  euroStipends,
];
