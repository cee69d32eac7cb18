#!/usr/bin/env bash
# Build provider-harness (the real Akash provider with a synthetic cluster; see
# provider-harness/README.md) and print the path of the binary as the last line of stdout.
#
#   scripts/build-provider-harness.sh [OUTDIR]
#
# The binary and libwasmvm.x86_64.so are built into a cache outside the clone:
#   ${AKASH_CLI_CACHE:-$HOME/.cache/akash-cli}/provider-harness/<key>/
# where <key> is the sha256 of the harness sources (go.mod, go.sum, *.go) and `go version`.
# A cached key is a no-op. With OUTDIR, both files are also copied there and the printed path
# is OUTDIR/provider-harness.
#
# Needs the akash-go bundle (its build.sh prepares the Go module proxy for the provider and
# its forks): AKASH_GO_BUNDLE, default ../shared/akash-go next to this clone. A cold build
# after `build.sh provider` has warmed the Go caches takes a few minutes on 2 cores.
# Progress goes to stderr; the Go build log is kept next to the binary (build.log).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../provider-harness"
outdir="${1:-}"

log() { printf '[build-provider-harness %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [[ -z "${AKASH_GO_BUNDLE:-}" ]]; then
  if [[ -x "$here/../../shared/akash-go/build.sh" ]]; then
    AKASH_GO_BUNDLE="$here/../../shared/akash-go"
  else
    die "AKASH_GO_BUNDLE is not set and $here/../../shared/akash-go/build.sh does not exist; set AKASH_GO_BUNDLE to the akash-go bundle directory (the one with build.sh)"
  fi
fi
[[ -x "$AKASH_GO_BUNDLE/build.sh" ]] || die "AKASH_GO_BUNDLE=$AKASH_GO_BUNDLE has no executable build.sh"
[[ -f "$src/go.mod" ]] || die "harness sources not found at $src"
command -v go >/dev/null 2>&1 || die "go is not on PATH (Go 1.26 or later is needed)"

# Module proxy, GOPATH/GOMODCACHE, GOFLAGS=-mod=mod, CGO_ENABLED=1, ...
env_script="$("$AKASH_GO_BUNDLE/build.sh" env)" || die "$AKASH_GO_BUNDLE/build.sh env failed"
eval "$env_script"

files=()
while IFS= read -r f; do files+=("$f"); done < <(cd "$src" && ls go.mod go.sum *.go | LC_ALL=C sort)

key="$(
  {
    go version
    for f in "${files[@]}"; do
      printf '%s\n' "$f"
      sha256sum <"$src/$f"
    done
  } | sha256sum | cut -c1-16
)"

cache_root="${AKASH_CLI_CACHE:-$HOME/.cache/akash-cli}/provider-harness"
dir="$cache_root/$key"
bin="$dir/provider-harness"

if [[ ! -x "$bin" || ! -f "$dir/libwasmvm.x86_64.so" ]]; then
  mkdir -p "$dir"
  exec 9>"$dir/.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi

  if [[ ! -x "$bin" || ! -f "$dir/libwasmvm.x86_64.so" ]]; then
    # Build in a private copy so that `go build -mod=mod` never edits the clone.
    work="$dir/src"
    rm -rf "$work"
    mkdir -p "$work"
    for f in "${files[@]}"; do cp "$src/$f" "$work/$f"; done

    ldf="-X github.com/akash-network/provider/version.Name=provider-harness"
    ldf+=" -X github.com/akash-network/provider/version.AppName=provider-harness"
    ldf+=" -X github.com/akash-network/provider/version.Version=v0.14.0"
    ldf+=" -X github.com/akash-network/provider/version.Commit=edb0abeb7cb8489dd21aad7970a2ea0ffcd8b56f"

    log "building $bin (key $key; log: $dir/build.log)"
    start=$SECONDS
    if ! (cd "$work" && nice -n 10 go build -ldflags "$ldf -s -w -extldflags=-Wl,-rpath,\$ORIGIN" -o "$bin.tmp" .) >"$dir/build.log" 2>&1; then
      tail -n 40 "$dir/build.log" >&2
      die "go build failed (full log: $dir/build.log)"
    fi

    so="$(cd "$work" && go list -m -f '{{.Dir}}' github.com/CosmWasm/wasmvm/v3)/internal/api/libwasmvm.x86_64.so"
    [[ -f "$so" ]] || die "libwasmvm.x86_64.so not found at $so"
    cp "$so" "$dir/libwasmvm.x86_64.so.tmp"
    mv -f "$dir/libwasmvm.x86_64.so.tmp" "$dir/libwasmvm.x86_64.so"
    mv -f "$bin.tmp" "$bin"
    rm -rf "$work"
    log "built in $((SECONDS - start)) s"
  fi
fi

if [[ -n "$outdir" ]]; then
  mkdir -p "$outdir"
  if [[ "$(cat "$outdir/.provider-harness.key" 2>/dev/null || true)" != "$key" || ! -x "$outdir/provider-harness" ]]; then
    cp "$dir/libwasmvm.x86_64.so" "$outdir/libwasmvm.x86_64.so.tmp"
    mv -f "$outdir/libwasmvm.x86_64.so.tmp" "$outdir/libwasmvm.x86_64.so"
    cp "$bin" "$outdir/provider-harness.tmp"
    mv -f "$outdir/provider-harness.tmp" "$outdir/provider-harness"
    printf '%s\n' "$key" >"$outdir/.provider-harness.key"
  fi
  bin="$(cd "$outdir" && pwd)/provider-harness"
fi

printf '%s\n' "$bin"
