import { likelyNotText, readingOrder } from '../../../src/workflows/stages/pageOrder';

describe('the order pages are read in', () => {
  it('knows an image, media file, archive or font by the extension of its path, whatever the case, query or fragment', () => {
    for (const url of [
      'http://127.0.0.11:8080/chartbase/images/popularity-2026.png',
      'https://cdn.example/a/B.JPG?w=800#top',
      'https://example.org/talk.mp4',
      'https://example.org/dist/release-1.2.tar.gz',
      'https://fonts.example/inter.woff2',
    ]) {
      expect([url, likelyNotText(url)]).toEqual([url, true]);
    }
  });

  it('takes pages, PDFs, documents and extension-less paths for text, and never reads the host as a file name', () => {
    for (const url of [
      'https://example.org/blog/post',
      'https://example.org/reports/paper.pdf',
      'https://example.org/index.html',
      'https://example.org/notes.txt',
      'https://example.org/',
      'https://images.png/',
      'https://example.png',
      'https://example.org/search?q=chart.png',
      'https://example.org/page#figure.jpg',
      'https://example.org/.png',
    ]) {
      expect([url, likelyNotText(url)]).toEqual([url, false]);
    }
  });

  it("moves the likely-not-text URLs to the back and keeps each group in the queries' order", () => {
    const urls = ['https://a.example/chart.png', 'https://b.example/post', 'https://c.example/clip.mp4', 'https://d.example/paper.pdf', 'https://e.example/x'];
    expect(readingOrder(urls)).toEqual(['https://b.example/post', 'https://d.example/paper.pdf', 'https://e.example/x', 'https://a.example/chart.png', 'https://c.example/clip.mp4']);
    const text = ['https://b.example/post', 'https://d.example/paper.pdf'];
    expect(readingOrder(text)).toEqual(text);
  });
});
