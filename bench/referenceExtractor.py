#!/usr/bin/env python3
"""The reference extractor for bench/extract.ts: trafilatura (Python) on the development pages, a measuring
tool only (the product stays TypeScript). Prints one JSON object to stdout, {"dragnet/<name>": text,
"trafilatura/<file>": text}, for the pages under DEVSET (default bench/devset; see devset.sh).
Not named trafilatura.py: Python would import this file for the package.
Usage: python3 bench/referenceExtractor.py [DEVSET]   (pip install trafilatura lxml_html_clean)
Run with trafilatura's defaults, comments left out (Dragnet's texts end the article before them)."""
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor

import trafilatura

DEVSET = sys.argv[1] if len(sys.argv) > 1 else "bench/devset"


def extract(path):
    with open(path, "rb") as f:
        body = f.read()
    try:
        return trafilatura.extract(body, include_comments=False) or ""
    except Exception:  # a page it cannot read scores as empty, as ours would
        return ""


def main():
    jobs = []
    html = os.path.join(DEVSET, "dragnet", "html")
    if os.path.isdir(html):
        jobs += [(f"dragnet/{f[:-5]}", os.path.join(html, f)) for f in sorted(os.listdir(html)) if f.endswith(".html")]
    pages = os.path.join(DEVSET, "trafilatura", "pages")
    if os.path.isdir(pages):
        jobs += [(f"trafilatura/{f}", os.path.join(pages, f)) for f in sorted(os.listdir(pages))]
    with ProcessPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        texts = list(pool.map(extract, [path for _, path in jobs], chunksize=16))
    json.dump({key: text for (key, _), text in zip(jobs, texts)}, sys.stdout)


if __name__ == "__main__":
    main()
