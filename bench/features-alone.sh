#!/usr/bin/env bash
# Every API feature alone compiles without a warning, out of the crate for the whole Datadog API.
#
#   bench/features-alone.sh [FEATURE...]     (default: every API feature of the crate)
#
# Environment:
#   SPEC=DIR     the spec to generate (default tests/datadog-openapi)
#   WORK=DIR     scratch folder: the crate, its target folder, a log per feature
#                (default target/features-alone)
#   GENERATOR=BIN  the generator binary to use (default: built here with `cargo build --release`)
#
# Generates the crate with the release generator, then runs, for each API feature F (a feature of
# the generated Cargo.toml that enables nothing else, or only its API crate when the spec is
# split per API: one per tag),
#   cargo check --lib --no-default-features --features F
# with CARGO_INCREMENTAL=0 and one target folder, so the dependencies are built once. A feature
# fails when cargo fails or prints anything (a warning: an unused import under that feature
# alone). Prints one line per feature, then the count and the total time; exits 1 if any failed.
# Long: about 139 features of a few seconds to a minute each. Not part of CI, which checks a
# sample (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SPEC=${SPEC:-$ROOT/tests/datadog-openapi}
WORK=${WORK:-$ROOT/target/features-alone}
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
mkdir -p "$WORK/logs"

echo "== generating the crate for $SPEC"
if [ -z "${GENERATOR:-}" ]; then
  cargo build --quiet --release -p openapi-rust-generator
  GENERATOR=$ROOT/target/release/openapi-rust-generator
fi
rm -rf "$WORK/crate"
"$GENERATOR" --spec "$SPEC" --out "$WORK/crate" >/dev/null
# Out of this repository's workspace; the dependency versions the repository builds.
printf '\n[workspace]\n' >>"$WORK/crate/Cargo.toml"
for lock in generated/Cargo.lock tests/Cargo.lock; do
  if [ -f "$lock" ]; then cp "$lock" "$WORK/crate/Cargo.lock" && break; fi
done

if [ $# -gt 0 ]; then
  features=("$@")
else
  # shellcheck disable=SC2207
  features=($(cargo metadata --no-deps --format-version 1 --manifest-path "$WORK/crate/Cargo.toml" |
    python3 -c 'import json,sys
features = json.load(sys.stdin)["packages"][0]["features"]
# An API feature enables nothing (one crate) or its API crate (a crate per API).
api = lambda enables: all(e.startswith(("dep:datadog-api-client-api-", "datadog-api-client-core/")) for e in enables)
print("\n".join(sorted(f for f, enables in features.items() if api(enables) and f != "default")))'))
fi
echo "== ${#features[@]} features"

check() {
  cargo check --quiet --lib --message-format short --manifest-path "$WORK/crate/Cargo.toml" \
    --target-dir "$WORK/target" --no-default-features --features "$1"
}

echo "== building the dependencies (not counted)"
# The first feature's check builds them; it is checked again below with the crate alone.
check "${features[0]}" >/dev/null 2>&1 || true
failed=()
millis() { echo $(($(date +%s%N) / 1000000)); }
start=$(millis)
for feature in "${features[@]}"; do
  # Every crate's root (split per API: the facade, core/ and apis/*), so that each is checked.
  find "$WORK/crate" -path '*/src/lib.rs' -exec touch {} +
  t0=$(millis)
  if check "$feature" >"$WORK/logs/$feature.log" 2>&1 && [ ! -s "$WORK/logs/$feature.log" ]; then
    status=ok
  else
    status=FAILED
    failed+=("$feature")
  fi
  printf '%-7s %-45s %6d ms\n' "$status" "$feature" $(($(millis) - t0))
done
echo "== $((${#features[@]} - ${#failed[@]})) of ${#features[@]} features pass alone, in $((($(millis) - start) / 1000)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed (logs in $WORK/logs/): ${failed[*]}"
  exit 1
fi
