/** Topic "solid-state batteries": content pages from six fictional sites. All text is original and fictional. */
import type { ArticleSpec, SiteChrome } from '../types';

const TOPIC = 'solid-state batteries' as const;

const voltline: SiteChrome = {
  kind: 'news',
  name: 'Voltline',
  tagline: 'Electric mobility news and analysis',
  nav: ['Cars', 'Batteries', 'Charging', 'Policy', 'Markets'],
  cookieBanner: 'Voltline and selected partners use cookies to show relevant adverts and to count visits.',
  newsletter: {
    heading: 'Voltline Battery Brief',
    text: 'Every Wednesday: the week in battery chemistry, gigafactories and solid-state battery announcements.',
    button: 'Subscribe to the Brief',
  },
  share: ['Share on Bluesky', 'Share on LinkedIn', 'Send by email'],
  sidebar: { heading: 'Popular on Voltline', items: ['Charging networks ranked by reliability', 'The used-EV price slump explained', 'Sodium-ion heads for city cars'] },
  footer: ['Voltline is an editorially independent publication of Amperage Media.', '© 2026 Amperage Media · Ethics policy · Advertise'],
};

const lakemont: SiteChrome = {
  kind: 'university',
  name: 'Lakemont University',
  tagline: 'Department of Materials Science and Engineering',
  nav: ['Undergraduate', 'Graduate', 'Research groups', 'Facilities', 'News'],
  cookieBanner: 'Lakemont University uses cookies to give you the best possible experience of our websites.',
  newsletter: {
    heading: 'Lakemont Materials Newsletter',
    text: 'Research highlights, seminars and PhD openings from the Department of Materials Science, four times a year.',
    button: 'Add me to the list',
  },
  share: ['Share on LinkedIn', 'Share on Facebook', 'Print article'],
  sidebar: { heading: 'Upcoming departmental seminars', items: ['Friday seminar: ceramics for fusion walls', 'Thesis defence: polymer membranes', 'Lab safety induction for new students'] },
  footer: ['Lakemont University, 200 College Avenue, Lakemont', '© 2026 Lakemont University · Equal opportunity employer · Web accessibility'],
};

const helion: SiteChrome = {
  kind: 'vendor',
  name: 'Helion Ionics',
  tagline: 'Solid-state cells for mobility and aviation',
  nav: ['Technology', 'Products', 'Partners', 'Investors', 'Careers'],
  cookieBanner: 'Helion Ionics uses cookies to analyse site usage and to support sales and marketing activities.',
  newsletter: {
    heading: 'Helion investor and partner updates',
    text: 'Quarterly updates on Helion solid-state battery programmes, sample shipments and partnerships.',
    button: 'Request updates',
  },
  share: ['Share on LinkedIn', 'Share on X'],
  sidebar: { heading: 'Helion downloads', items: ['HX-2 product brief', 'Safety white paper', 'Sample request form'] },
  footer: ['Helion Ionics GmbH · Werkstraße 12 · Brückenfeld', '© 2026 Helion Ionics. Specifications subject to change without notice.'],
};

const rangeNotes: SiteChrome = {
  kind: 'blog',
  name: 'Range Notes',
  tagline: 'An EV owner writes about batteries, charging and road trips',
  nav: ['Road trips', 'Battery explainers', 'Charging diaries', 'About'],
  cookieBanner: 'Range Notes uses cookies for comments and anonymous reading statistics.',
  newsletter: {
    heading: 'Get Range Notes in your inbox',
    text: 'New explainers about solid-state batteries, charging curves and winter range, roughly once a month.',
    button: 'Count me in',
  },
  share: ['Share on Mastodon', 'Share on Reddit', 'Share on WhatsApp'],
  sidebar: { heading: 'Reader favourites', items: ['Ten thousand kilometres in a small hatchback', 'Heat pumps and winter range', 'Charging etiquette, revisited'] },
  footer: ['Range Notes is written by a driver, not a carmaker.', '© 2026 Range Notes · Affiliate disclosure · Privacy'],
};

const evTalk: SiteChrome = {
  kind: 'forum',
  name: 'EVTalk Forums',
  tagline: 'Owners helping owners since the early days',
  nav: ['Model forums', 'Charging', 'Batteries', 'Marketplace', 'Help'],
  cookieBanner: 'EVTalk uses cookies to keep you logged in and to remember which threads you have read.',
  newsletter: {
    heading: 'EVTalk weekly highlights',
    text: 'The best owner reports, including long-term solid-state battery range logs, every Sunday.',
    button: 'Subscribe to highlights',
  },
  share: ['Share thread on Facebook', 'Copy link to thread'],
  sidebar: { heading: 'Active threads right now', items: ['Tyre wear on heavy EVs', 'Home charger install costs 2026', 'Which dashcam for winter?'] },
  footer: ['EVTalk Forums is run by owners for owners. Not affiliated with any manufacturer.', '© 2026 EVTalk · Forum rules · Contact the moderators'],
};

const openBattery: SiteChrome = {
  kind: 'docs',
  name: 'Open Battery Consortium',
  tagline: 'Test methods and guidance for cell developers',
  nav: ['Test methods', 'Guidance notes', 'Working groups', 'Membership', 'Publications'],
  cookieBanner: 'The Open Battery Consortium website uses only cookies that are strictly necessary for its operation.',
  newsletter: {
    heading: 'OBC working group updates',
    text: 'Announcements of new test methods and open consultations on solid-state battery safety.',
    button: 'Follow the working groups',
  },
  share: ['Copy section link', 'Share on LinkedIn'],
  sidebar: { heading: 'Related OBC test methods', items: ['OBC-ST 3: Overcharge testing', 'OBC-ST 5: External short circuit', 'OBC-ST 9: Pack-level propagation'] },
  footer: ['Open Battery Consortium, a non-profit standards association.', '© 2026 OBC · Licence terms for test methods · Member login'],
};

export const voltlinePilotLines: ArticleSpec = {
  path: '/voltline/news/solid-state-battery-pilot-lines-2026',
  topic: TOPIC,
  title: 'Solid-state battery pilot lines ramp up, but volume production is still years away | Voltline',
  snippet: 'European and Asian start-ups are producing solid-state cells in the tens of thousands. Carmakers say mass-market packs will take longer than promised.',
  site: voltline,
  author: 'Hanne Vestergaard',
  published: '2026-05-27',
  body: `
The race to commercialise solid-state batteries has moved from laboratory benches to pilot lines, but the numbers show how far the industry remains from the millions of cells a single car platform needs each year.

Aurora Cell's pilot line in Gdańsk produced 48,000 solid-state cells in the first quarter of 2026, the company said, enough for a few hundred test vehicles. In independent tests commissioned by two carmakers, Aurora's solid-state cells reached an energy density of 412 Wh/kg, well above the best liquid-electrolyte cells in today's cars.

## Yield is the bottleneck

Making the cells is not the hard part; making them consistently is. Aurora said the share of good solid-state cells coming off the line was 62%, while mature lithium-ion factories routinely exceed 95%. Every rejected cell carries the full cost of its materials.

- Thin ceramic separators crack when handled too quickly.
- Lithium-metal anodes must be made in extremely dry rooms.
- Each cell needs pressure fixtures that add weight and cost to the battery pack.

## What carmakers say

Three carmakers with solid-state programmes told Voltline they now expect the first production vehicles with solid-state packs toward the end of the decade, and then only in premium models. "The chemistry works," said one programme manager, who asked not to be named. "The factory does not exist yet."

The 2026 Nordhavn Cell Durability Study tested solid-state battery cells from several makers, but its full results are published separately.

Analysts expect semi-solid designs, which keep a small amount of liquid electrolyte, to reach the market first because they can use existing production equipment.
`,
  facts: [
    "Aurora Cell's pilot line in Gdańsk produced 48,000 solid-state cells in the first quarter of 2026",
    "Aurora's solid-state cells reached an energy density of 412 Wh/kg",
    'the share of good solid-state cells coming off the line was 62%',
  ],
};

export const lakemontPressureStudy: ArticleSpec = {
  path: '/lakemont-university/materials/news/sulfide-solid-state-battery-pressure-study',
  topic: TOPIC,
  title: 'Pressure helps sulfide solid-state batteries last longer, Lakemont researchers find | Lakemont University',
  snippet: 'A materials science group tested how the clamping force on a cell affects dendrite growth and cycle life in sulfide-electrolyte batteries.',
  site: lakemont,
  author: 'Department of Materials Science news desk',
  published: '2026-03-30',
  body: `
Researchers in the Department of Materials Science have shown that a modest, carefully controlled clamping force can more than double the cycle life of solid-state batteries built with sulfide electrolytes.

The group, led by materials scientist Yusuf Brennan-Achebe, built pouch cells with a lithium-metal anode and a sulfide solid electrolyte and cycled them under different stack pressures. Solid-state cells held at a stack pressure of 2.5 MPa retained 89% of their capacity after 1,200 cycles, while identical cells with no applied pressure failed long before that point.

## Why pressure matters

Without pressure, tiny gaps open between the lithium metal and the electrolyte as the anode swells and shrinks. Current crowds into the remaining contact points, and lithium filaments called dendrites grow into the electrolyte until the cell short-circuits.

- Too little pressure lets gaps form and dendrites grow.
- Too much pressure pushes lithium into cracks in the electrolyte.
- The useful window was narrow and depended on temperature.

## Next steps

The team is now working with an industrial partner on lighter pressure frames, because the steel fixtures used in the laboratory would add unacceptable weight to a car's solid-state battery pack. The study also found that cells cycled at 45 °C tolerated a wider range of pressures than cells cycled at room temperature.

The work was supported by a national energy storage research grant and used the department's new glovebox facility.
`,
  facts: [
    'Solid-state cells held at a stack pressure of 2.5 MPa retained 89% of their capacity after 1,200 cycles',
    'materials scientist Yusuf Brennan-Achebe',
  ],
};

export const helionHx2: ArticleSpec = {
  path: '/helion-ionics/products/hx-2-solid-state-cell',
  topic: TOPIC,
  title: 'HX-2 solid-state cell: technical overview | Helion Ionics',
  snippet: 'Specifications, charging performance and temperature range of the HX-2, a lithium-metal cell with an oxide ceramic electrolyte for electric vehicles and aircraft.',
  site: helion,
  author: 'Helion Ionics product team',
  published: '2026-09-15',
  body: `
The HX-2 is our second-generation solid-state cell, designed for premium electric vehicles and electric aircraft. It pairs a lithium-metal anode with an oxide ceramic electrolyte and a high-nickel cathode.

## Charging

In Helion's qualification testing, the HX-2 solid-state cell charges from 10% to 80% in 14 minutes at 25 °C without lithium plating. Charging remains fast in cold weather because the ceramic electrolyte conducts well at low temperatures once the pack is pre-warmed.

## Specifications

| Property | HX-2 |
| --- | --- |
| Format | Large pouch |
| Nominal capacity | 58 Ah |
| Nominal voltage | 3.7 V |
| Gravimetric energy density | 390 Wh/kg |
| Volumetric energy density | 930 Wh/L |

The HX-2 solid-state cell operates between -25 °C and 60 °C, a wider window than the first-generation HX-1. Its electrolyte does not burn, which simplifies the thermal protection a battery pack needs.

## Availability

- Engineering samples are shipping to selected partners now.
- A pilot line with an annual capacity of 0.4 GWh is under construction.
- Automotive qualification is planned to finish in 2028.

Contact our applications team for integration guidance, cell modelling data and sample terms.
`,
  facts: ['the HX-2 solid-state cell charges from 10% to 80% in 14 minutes', 'The HX-2 solid-state cell operates between -25 °C and 60 °C'],
};

export const rangeNotesExplainer: ArticleSpec = {
  path: '/range-notes/explainers/solid-state-vs-lithium-ion-for-drivers',
  topic: TOPIC,
  title: 'Solid-state vs lithium-ion batteries: what actually changes for EV drivers | Range Notes',
  snippet: 'Forget the hype cycle. Here is what solid-state packs would mean for range, charging, safety and price, explained by a long-time EV owner.',
  site: rangeNotes,
  author: 'Callum Ashdown',
  published: '2026-08-19',
  body: `
Every few months a headline promises that solid-state batteries will double the range of electric cars and charge in five minutes. I have driven electric for eight years, so here is my attempt at a sober explainer of what would actually change.

## Range and weight

The main promise is energy density. Because a solid-state battery can use a lithium-metal anode, a carmaker could fit a 20% smaller solid-state pack for the same range as today's nickel-based packs, saving weight that improves handling and tyre wear.

## Price

Price is the catch. Early solid-state packs cost about $168 per kWh at the cell level, against $94 per kWh for the LFP cells in many of today's cheaper cars. Until factories scale up, that difference will keep solid-state packs in expensive models.

| Question | Lithium-ion today | Solid-state (first generation) |
| --- | --- | --- |
| Fire risk | Low but real | Lower |
| Fast charging | Good | Potentially better |
| Cold weather | Needs preheating | Needs preheating |
| Cost | Falling | High |

## What I would tell a buyer

- Do not wait for solid-state batteries if you need a car now.
- Today's lithium-ion packs already last longer than most owners keep their cars.
- Expect the first solid-state cars to be expensive and produced in small numbers.

The technology is real and it will arrive, but it will be an upgrade rather than a revolution for most drivers.
`,
  facts: [
    "a carmaker could fit a 20% smaller solid-state pack for the same range as today's nickel-based packs",
    'Early solid-state packs cost about $168 per kWh at the cell level, against $94 per kWh for the LFP cells',
  ],
};

export const evTalkWinterThread: ArticleSpec = {
  path: '/evtalk/forums/corvane-s7/winter-range-solid-state-pack',
  topic: TOPIC,
  title: 'Corvane S7 with the solid-state battery pack: winter range reports | EVTalk Forums',
  snippet: 'Owners of the limited-run Corvane S7 share range, charging and battery-heating experiences from a cold winter.',
  site: evTalk,
  author: 'nordic_driver',
  published: '2026-02-02',
  body: `
### nordic_driver · 2 February 2026

I took delivery of one of the limited-run Corvane S7 cars with the solid-state battery in November, so here is my first winter report. On a mixed motorway and country route the solid-state pack gave me a winter range of 512 km at -10 °C with the cabin at 20 degrees, which is better than my previous car managed in summer.

### ampere_annie · 3 February 2026

Same car here. Range has been great, but charging from cold is another story. When the solid-state pack was cold, my charging stalled at 41 kW for the first fifteen minutes until the battery heater caught up.

### nordic_driver · 3 February 2026

Do you precondition before fast charging? I set the navigation to the charger and the solid-state pack arrives warm, and then it holds high power for most of the session.

### volt_viktor · 4 February 2026

For anyone reading this later, the dealer told me the next software update changes the heating strategy for the solid-state battery so it starts warming earlier on cold days.

- Precondition before every fast charge in winter.
- Keep the car plugged in overnight so the pack stays warm.
- Expect the first charge of a cold morning to be slow.
`,
  facts: ['a winter range of 512 km at -10 °C', 'my charging stalled at 41 kW for the first fifteen minutes'],
};

export const obcAbuseTesting: ArticleSpec = {
  path: '/open-battery-consortium/guidance/obc-st-7-solid-state-abuse-testing',
  topic: TOPIC,
  title: 'Abuse testing for solid-state cells: guidance note OBC-ST 7 | Open Battery Consortium',
  snippet: 'Which mechanical and thermal abuse tests apply to cells with solid electrolytes, and how test conditions differ from those for liquid-electrolyte cells.',
  site: openBattery,
  author: 'OBC Safety Working Group',
  published: '2026-06-10',
  body: `
This guidance note explains how existing abuse test methods apply to solid-state cells and where the conditions differ from those used for cells with liquid electrolytes.

## Scope

The note covers cells with sulfide, oxide and polymer solid electrolytes, including semi-solid designs that contain less than 10% liquid by weight. It does not cover complete battery packs.

## Mechanical abuse

For solid-state cells, nail penetration at 80 mm/s with a 3 mm steel nail replaces the slower rates used for conventional cells, because ceramic electrolytes can fracture and short internally at higher speeds. Crush tests follow the existing method without changes.

## Thermal abuse

In the working group's round-robin tests, sulfide solid-state cells showed thermal runaway onset above 240 °C, compared with roughly 150 °C to 200 °C for typical liquid-electrolyte cells. Sulfide electrolytes can release hydrogen sulfide when damaged, so test chambers must have gas detection.

## Reporting

1. Record the stack pressure applied during the test.
2. Report gas composition for sulfide-based cells.
3. Photograph the cell cross-section after every test.
`,
  facts: ['nail penetration at 80 mm/s with a 3 mm steel nail', 'sulfide solid-state cells showed thermal runaway onset above 240 °C'],
};

export const SOLID_STATE_ARTICLES = [voltlinePilotLines, lakemontPressureStudy, helionHx2, rangeNotesExplainer, evTalkWinterThread, obcAbuseTesting];
