#!/usr/bin/env bash
# Compile cost of the generated crate for the whole Datadog API, side by side with the official
# `datadog-api-client` crate, in one run on this machine.
#
#   bench/compile-cost.sh [ROUNDS]          (default 2 rounds; needs about 10 GB of memory free)
#
# Environment:
#   SPEC=DIR        the spec to generate (default ../shared/datadog-openapi)
#   WORK=DIR        scratch folder (default target/compile-cost)
#   OFFICIAL=VER    the official crate's version (default 0.29.0); `none` measures ours alone
#                   (to try the script on a small spec, e.g. SPEC=spec OFFICIAL=none)
#   MODES="check build users"   what to measure: `cargo check` and `cargo build` of each crate
#                   with all features, and a build of ours with the `users` feature alone
#
# Dependencies are built first and not timed (with the crate's lib.rs emptied for the time, and
# each of its workspace's crates' when the spec is split per API, so that the crate itself is
# compiled only when timed). Each measurement touches those lib.rs files and runs cargo with
# CARGO_INCREMENTAL=0 under bench/peak-memory.py, so it times the crate itself: wall seconds and
# the peak memory of all the compilers running at once (cargo runs one per core when crates are
# independent; /usr/bin/time would report the largest one only). The two crates alternate in
# each round, and each pair's ratio (ours / official) is printed, since a shared machine is noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${1:-2}
SPEC=${SPEC:-$ROOT/../shared/datadog-openapi}
WORK=${WORK:-$ROOT/target/compile-cost}
OFFICIAL=${OFFICIAL:-0.29.0}
MODES=${MODES:-check build users}
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
mkdir -p "$WORK"

echo "== generating the crate for $SPEC"
cargo build --quiet --release -p openapi-rust-generator
/usr/bin/time -f "generation: %e s, %M KB peak" \
  "$ROOT/target/release/openapi-rust-generator" --spec "$SPEC" --out "$WORK/ours.new" >/dev/null
rm -rf "$WORK/ours" && mv "$WORK/ours.new" "$WORK/ours"
# Out of this repository's workspace.
printf '\n[workspace]\n' >>"$WORK/ours/Cargo.toml"
# Every crate of it: one, or the crate per API layout's (src/, core/, apis/).
echo "ours: $(find "$WORK/ours" -name '*.rs' -not -path '*/examples/*' -print0 | xargs -0 cat | wc -l) lines of Rust"

if [ "$OFFICIAL" != none ]; then
  echo "== fetching datadog-api-client $OFFICIAL"
  mkdir -p "$WORK/fetch/src"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ndatadog-api-client = "=%s"\n[workspace]\n' \
    "$OFFICIAL" >"$WORK/fetch/Cargo.toml"
  : >"$WORK/fetch/src/lib.rs"
  cargo fetch --quiet --manifest-path "$WORK/fetch/Cargo.toml"
  SRC=$(cargo metadata --format-version 1 --manifest-path "$WORK/fetch/Cargo.toml" |
    python3 -c 'import json,sys; m=json.load(sys.stdin); print([p["manifest_path"] for p in m["packages"] if p["name"]=="datadog-api-client"][0])')
  rm -rf "$WORK/official" && cp -r "$(dirname "$SRC")" "$WORK/official" && chmod -R u+w "$WORK/official"
  # Its own workspace, out of any parent one; rustls like ours, so both build the same TLS stack.
  printf '\n[workspace]\n' >>"$WORK/official/Cargo.toml"
  echo "official: $(find "$WORK/official/src" -name '*.rs' | xargs cat | wc -l) lines of Rust"
fi

# cargo_args CRATE MODE: the cargo command line for one measurement.
cargo_args() {
  local dir=$WORK/$1 verb=check features=(--all-features)
  [ "$2" != check ] && verb=build
  if [ "$1" = official ]; then features=(--no-default-features --features rustls-tls,retry); fi
  if [ "$2" = users ]; then features=(--no-default-features --features users); fi
  echo "$verb --lib --manifest-path $dir/Cargo.toml --target-dir $WORK/target-$1 ${features[*]}"
}

# libs CRATE: the crate's lib.rs, and those of the crates of its workspace (the core crate and
# one per API, when the spec is split per API).
libs() {
  find "$WORK/$1" -path "$WORK/$1/target" -prune -o -path '*/src/lib.rs' -print
}

# deps CRATE MODE: builds the dependencies only, with an empty lib.rs in place of each crate's.
deps() {
  local lib
  for lib in $(libs "$1"); do mv "$lib" "$lib.full" && : >"$lib"; done
  # shellcheck disable=SC2046
  local status=0
  cargo $(cargo_args "$1" "$2") --quiet || status=$?
  for lib in $(libs "$1"); do mv "$lib.full" "$lib"; done
  [ "$status" = 0 ] || exit 1
}

# measure CRATE MODE: prints "seconds kilobytes".
measure() {
  # shellcheck disable=SC2046
  touch $(libs "$1")
  # shellcheck disable=SC2046
  "$ROOT/bench/peak-memory.py" "$WORK/time" cargo $(cargo_args "$1" "$2") --quiet >/dev/null 2>"$WORK/log" ||
    { cat "$WORK/log" >&2; exit 1; }
  cat "$WORK/time"
}

declare -A OFFICIAL_RUN
for mode in $MODES; do
  other=$mode
  [ "$mode" = users ] && other=build
  echo "== $mode: building dependencies"
  deps ours "$mode"
  if [ "$OFFICIAL" != none ]; then deps official "$other"; fi
  for round in $(seq "$ROUNDS"); do
    read -r os ok <<<"$(measure ours "$mode")"
    if [ "$OFFICIAL" = none ]; then
      python3 -c 'import sys; print(f"{sys.argv[1]:6} round {sys.argv[2]}: ours {float(sys.argv[3]):7.1f} s {float(sys.argv[4])/1048576:5.2f} GB")' \
        "$mode" "$round" "$os" "$ok"
      continue
    fi
    # The official crate has no feature per API: `users` is compared with its whole build,
    # measured once per round (in the build mode's pair when both modes run).
    key=$other-$round
    if [ -z "${OFFICIAL_RUN[$key]:-}" ]; then OFFICIAL_RUN[$key]=$(measure official "$other"); fi
    read -r fs fk <<<"${OFFICIAL_RUN[$key]}"
    python3 - "$mode" "$round" "$os" "$ok" "$fs" "$fk" <<'PY'
import sys
mode, rnd, os_, ok, fs, fk = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"{mode:6} round {rnd}: ours {os_:7.1f} s {ok/1048576:5.2f} GB | official {fs:7.1f} s "
      f"{fk/1048576:5.2f} GB | ratio time {os_/fs:.3f}, memory {ok/fk:.3f}")
PY
  done
done
