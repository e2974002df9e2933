#!/usr/bin/env bash
# Installs what the cluster test needs, once: PostgreSQL (Debian's package), the Temporal server and its
# SQL schema tool built from Go modules (cached in .tools/temporal-server-<version>/, with the module's
# schema and config files), and the Temporal CLI (scripts/ensure-temporal.sh) for namespace setup.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# The same version as docker-compose.yml's temporalio/server image.
version="v1.29.1"
dir="$root/.tools/temporal-server-$version"

bash "$root/scripts/ensure-temporal.sh" >&2

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian package postgresql)..." >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: PostgreSQL is missing; install it with: apt-get install postgresql" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
fi

if [ ! -x "$dir/bin/temporal-server" ] || [ ! -x "$dir/bin/temporal-sql-tool" ] || [ ! -d "$dir/schema" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "error: Go 1.25+ is needed once to build the Temporal server $version (https://go.dev/dl)" >&2
    exit 1
  fi
  echo "Building the Temporal server $version and its SQL tool with Go into $dir (first time only, a few minutes)..." >&2
  mkdir -p "$dir/bin"
  tmpbin="$(mktemp -d)"
  GOBIN="$tmpbin" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install \
    "go.temporal.io/server/cmd/server@$version" "go.temporal.io/server/cmd/tools/sql@$version"
  # The schema and the sample configs ship in the module: keep the ones we use beside the binaries.
  moddir="$(go mod download -json "go.temporal.io/server@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  rm -rf "$dir/schema" "$dir/config"
  mkdir -p "$dir/schema" "$dir/config/dynamicconfig"
  cp -r "$moddir/schema/postgresql" "$dir/schema/"
  cp "$moddir/config/development-postgres12.yaml" "$dir/config/"
  cp "$moddir/config/dynamicconfig/development-sql.yaml" "$dir/config/dynamicconfig/"
  chmod -R u+w "$dir/schema" "$dir/config"
  mv "$tmpbin/server" "$dir/bin/temporal-server"
  mv "$tmpbin/sql" "$dir/bin/temporal-sql-tool"
  rmdir "$tmpbin"
fi
"$dir/bin/temporal-server" --version >&2
