/** The extraction pool's thread entry: one page in, its text (or why it is not text) out. */
import { type PageExtraction, type PageInput, extractPage } from './page';

export default function extractTask(input: PageInput): PageExtraction {
  return extractPage(input);
}
