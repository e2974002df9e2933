#!/usr/bin/env bash
# Makes sure the Temporal CLI (which embeds the dev server and its UI) is available.
# Uses `temporal` from PATH if there is one, else builds it with Go into .tools/bin (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.5.1" # newest tag whose go.mod has no replace directive, so `go install` can build it
bin="$root/.tools/bin/temporal"

if command -v temporal >/dev/null 2>&1; then exit 0; fi
if [ -x "$bin" ]; then exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: the Temporal CLI is not installed and Go is not available to build it." >&2
  echo "Fix one of: install the Temporal CLI (https://docs.temporal.io/cli) and put 'temporal' on PATH," >&2
  echo "or install Go 1.25+ (https://go.dev/dl) and run 'npm run setup' again." >&2
  exit 1
fi
echo "Building the Temporal CLI $version with Go into .tools/bin (first time only, a few minutes)..." >&2
mkdir -p "$root/.tools/bin"
GOBIN="$root/.tools/bin" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/temporalio/cli/cmd/temporal@$version"
"$bin" --version >&2
