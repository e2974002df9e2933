#!/usr/bin/env bash
# Materializes the extraction development set into bench/devset/ (git-ignored; third-party pages are
# never committed) from git copies of two public repositories, when they are on this machine:
#   READABILITY_GIT_DIR  a clone (or bare git dir) of github.com/mozilla/readability:
#                        test/test-pages/<name>/{source.html,expected.html} -> readability/<name>/
#   TRAFILATURA_GIT_DIR  a clone (or bare git dir) of github.com/adbar/trafilatura:
#                        tests/evaldata.json and the tests/eval/ and tests/cache/ pages it names -> trafilatura/
#   DRAGNET_GIT_DIR      a clone (or bare git dir) of github.com/j-szulc/html-cleaning-dataset-merged, whose
#                        dragnet_data/ is Moz's Dragnet set (github.com/seomoz/dragnet_data, AGPLv3: free to use,
#                        evaluation included) with its HTML, which the seomoz mirror lacks:
#                        dragnet_data/{input/<n>.html,GoldStandard/<n>.txt} -> dragnet/{html,gold}/
#                        Only that folder is read: the mirror's other sets are research-only (L3S-GN1) or of
#                        unclear licence (CleanEval).
# Usage: bash bench/devset.sh   (then: npx tsx bench/extract.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${EXTRACT_DEVSET_DIR:-bench/devset}
readability=${READABILITY_GIT_DIR:-/work/.mirror/mozilla+readability/repo}
trafilatura=${TRAFILATURA_GIT_DIR:-/work/.mirror/adbar+trafilatura/repo}
dragnet=${DRAGNET_GIT_DIR:-/work/.mirror/j-szulc+html-cleaning-dataset-merged/repo}

show() { git --git-dir="$1" show "HEAD:$2" 2>/dev/null || git -C "$1" show "HEAD:$2"; }
gitdir() { if [ -d "$1/.git" ]; then echo "$1/.git"; else echo "$1"; fi; }

found=0
if [ -e "$readability" ]; then
  g=$(gitdir "$readability")
  for name in $(git --git-dir="$g" ls-tree --name-only HEAD test/test-pages/ | xargs -n1 basename); do
    mkdir -p "$out/readability/$name"
    show "$g" "test/test-pages/$name/source.html" >"$out/readability/$name/source.html"
    show "$g" "test/test-pages/$name/expected.html" >"$out/readability/$name/expected.html"
  done
  echo "readability: $(ls "$out/readability" | wc -l) pages"
  found=1
fi
if [ -e "$trafilatura" ]; then
  g=$(gitdir "$trafilatura")
  mkdir -p "$out/trafilatura/pages"
  show "$g" tests/evaldata.json >"$out/trafilatura/evaldata.json"
  git --git-dir="$g" ls-tree -r --name-only -z HEAD tests/eval tests/cache | while IFS= read -r -d '' path; do
    show "$g" "$path" >"$out/trafilatura/pages/$(basename "$path")"
  done
  echo "trafilatura: $(ls "$out/trafilatura/pages" | wc -l) pages"
  found=1
fi
if [ -e "$dragnet" ]; then
  g=$(gitdir "$dragnet")
  rm -rf "$out/dragnet" && mkdir -p "$out/dragnet"
  git --git-dir="$g" archive HEAD dragnet_data/input dragnet_data/GoldStandard | tar -x -C "$out/dragnet" --strip-components=1
  mv "$out/dragnet/input" "$out/dragnet/html" && mv "$out/dragnet/GoldStandard" "$out/dragnet/gold"
  find "$out/dragnet" -name .DS_Store -delete
  echo "dragnet: $(ls "$out/dragnet/html" | wc -l) pages"
  found=1
fi
[ "$found" = 1 ] || { echo "no mirror found: set READABILITY_GIT_DIR, TRAFILATURA_GIT_DIR and/or DRAGNET_GIT_DIR" >&2; exit 1; }
