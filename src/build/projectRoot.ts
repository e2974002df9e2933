/**
 * The project's root folder (where package.json is), found by walking up from a module's folder: the same
 * answer whether the module runs from src/ (tsx), dist/src/ (npm run build, the image) or .cache/cli/<hash>/src/
 * (the commands' compiled build, scripts/compiled.js).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function projectRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}
