import { PdfError, pdfToText } from '../../src/web/pdf';
import { buildPdf } from './pdfFixture';

describe('pdfToText', () => {
  it('extracts the title and the text of every page, pages separated by a blank line', async () => {
    const pdf = buildPdf({
      title: 'Grid Storage Outlook (2024)',
      pages: [
        ['Grid Storage Outlook', 'Battery capacity reached 58 GWh in 2023.', 'Costs fell by 20 per cent.'],
        ['Appendix: methods and sources'],
      ],
    });
    const { title, text } = await pdfToText(pdf);
    expect(title).toBe('Grid Storage Outlook (2024)');
    expect(text).toBe('Grid Storage Outlook\nBattery capacity reached 58 GWh in 2023.\nCosts fell by 20 per cent.\n\nAppendix: methods and sources');
  });

  it('has no title when the document info has none', async () => {
    const result = await pdfToText(buildPdf({ pages: [['Only text']] }));
    expect(result).toEqual({ text: 'Only text' });
  });

  it('rejects bytes that are not a PDF with a PdfError', async () => {
    await expect(pdfToText(Buffer.from('%PDF-1.4\nthis is not really a pdf'))).rejects.toBeInstanceOf(PdfError);
  });

  it('gives up after its deadline', async () => {
    await expect(pdfToText(buildPdf({ pages: [['x']] }), { timeoutMs: 1 })).rejects.toThrow(/within 1 ms/);
  });

  it('stops when the signal aborts, with the signal reason', async () => {
    const controller = new AbortController();
    const reading = pdfToText(buildPdf({ pages: [['x']] }), { signal: controller.signal });
    const reason = new Error('cancelled by test');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });
});
