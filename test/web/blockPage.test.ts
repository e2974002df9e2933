import { detectBlockPage } from '../../src/web/blockPage';

const sentence = 'Researchers measured how often automated traffic reaches public websites and how sites respond. ';

describe('detectBlockPage', () => {
  it.each([
    ['Cloudflare "Just a moment..."', { status: 403, title: 'Just a moment...', text: 'example.com Checking if the site connection is secure. Ray ID: 8a1b2c3d4e5f' }],
    ['Cloudflare check served with 503', { status: 503, title: 'example.com', text: 'Checking your browser before accessing example.com. This process is automatic.' }],
    ['Cloudflare block', { status: 403, title: 'Attention Required! | Cloudflare', text: 'Sorry, you have been blocked. You are unable to access example.com' }],
    ['enable JavaScript and cookies', { status: 200, title: 'example.com', text: 'Enable JavaScript and cookies to continue' }],
    ['network policy (Reddit)', { status: 403, title: 'Blocked', text: 'Your request has been blocked due to a network policy. Try logging in or creating an account here to get back to browsing.' }],
    ['CAPTCHA on a tiny page', { status: 200, title: 'Verification', text: 'Please complete the CAPTCHA below to continue.' }],
    ['robot check', { status: 200, title: 'Robot Check', text: 'Enter the characters you see below. Sorry, we just need to make sure you are not a robot.' }],
    ['Google unusual traffic', { status: 429, title: 'Sorry...', text: 'Our systems have detected unusual traffic from your computer network.' }],
    ['access denied', { status: 403, title: 'Access Denied', text: "You don't have permission to access this resource on this server. Reference #18.4f2a" }],
    ['Imperva', { status: 200, title: '', text: 'Request unsuccessful. Incapsula incident ID: 123000450012345' }],
    ['paywall teaser', { status: 200, title: 'Markets rally', text: `Stocks rose on Monday as investors... Subscribe to continue reading. Already a subscriber? Log in.` }],
    ['rate limit', { status: 429, title: 'Too Many Requests', text: '' }],
  ])('blocks: %s', (_name, page) => {
    expect(detectBlockPage(page)).toEqual(expect.any(String));
  });

  it('says what it found, with the HTTP status when it is not 2xx', () => {
    expect(detectBlockPage({ status: 403, title: 'Just a moment...', text: '' })).toBe('Cloudflare browser check ("Just a moment...") (HTTP 403)');
    expect(detectBlockPage({ status: 200, title: 'x', text: 'Your request has been blocked due to a network policy.' })).toBe('blocked by a network policy');
    expect(detectBlockPage({ status: 200, title: 'x', text: 'Subscribe to continue reading.' })).toMatch(/paywall/);
  });

  it('does not block a long article about CAPTCHAs', () => {
    const text =
      'CAPTCHA tests ask visitors to verify you are human before they continue. Are you a robot? Sites ask that millions of times a day. ' +
      sentence.repeat(60) +
      'Some sites show a page that says "Please complete the CAPTCHA" or "Access denied" to suspicious clients.';
    expect(text.length).toBeGreaterThan(4000);
    expect(detectBlockPage({ status: 200, title: 'How CAPTCHAs shape the web', text })).toBeUndefined();
  });

  it('does not block a medium article that mentions bot walls past its opening', () => {
    const text = sentence.repeat(15) + 'Cloudflare pages saying "Checking your browser before accessing" the site are common. Access denied pages too. ' + sentence.repeat(5);
    expect(text.length).toBeGreaterThan(1500);
    expect(text.length).toBeLessThan(4000);
    expect(detectBlockPage({ status: 200, title: 'Bot management explained', text })).toBeUndefined();
  });

  it('does not block a short ordinary page that mentions captcha in passing', () => {
    const text = `${sentence.repeat(8)} The sign-up form uses a captcha.`;
    expect(text.length).toBeGreaterThan(600);
    expect(detectBlockPage({ status: 200, title: 'About our forum', text })).toBeUndefined();
  });

  it('ignores a "subscribe to continue reading" box on a full article', () => {
    const text = `${sentence.repeat(30)} Subscribe to continue reading our premium coverage.`;
    expect(detectBlockPage({ status: 200, title: 'Markets rally', text })).toBeUndefined();
  });

  it('leaves ordinary error pages and normal pages alone', () => {
    expect(detectBlockPage({ status: 404, title: 'Page not found', text: 'The page you were looking for does not exist.' })).toBeUndefined();
    expect(detectBlockPage({ status: 200, title: 'Just a moment in history', text: sentence.repeat(10) })).toBeUndefined();
    expect(detectBlockPage({ status: 200, title: 'Hello', text: 'A short but normal page.' })).toBeUndefined();
  });
});
