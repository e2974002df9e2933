/**
 * The report's HTML printed to PDF by Debian's chromium, through playwright-core (never a downloaded
 * browser). The page is set from memory with JavaScript off and the network cut: the HTML's own CSP
 * already loads nothing, and the browser could not if it tried.
 */
import { CHROMIUM_PATHS, findChromium } from '../web/render/pool';

/** Chromium is not installed: PDF export cannot work on this machine. */
export class PdfUnavailable extends Error {
  constructor(candidates: readonly string[]) {
    super(`PDF export needs chromium, which is not installed at ${candidates.join(' or ')}: apt-get install -y chromium (or use --format html)`);
  }
}

/** The chromium PDF export would use (the first of `candidates` installed), or PdfUnavailable. */
export function pdfBrowser(candidates: readonly string[] = CHROMIUM_PATHS): string {
  const found = findChromium(candidates);
  if (!found) throw new PdfUnavailable(candidates);
  return found;
}

/** Prints `html` (a whole document; for the report, reportHtml with the appendix open) to an A4 PDF. */
export async function printPdf(html: string, candidates: readonly string[] = CHROMIUM_PATHS): Promise<Buffer> {
  const browserPath = pdfBrowser(candidates);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await browser.close();
  }
}
