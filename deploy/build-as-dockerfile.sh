#!/usr/bin/env bash
# Builds the release binary as deploy/Dockerfile's build stage does, from a temporary
# directory holding only the paths that stage COPYs from the build context, so that a path
# the Dockerfile forgets fails here (no Docker engine needed). It builds into the
# repository's target/, so the dependencies already built there are reused; carevoice's own
# release artifacts are removed before and after, since its build script embeds the content
# by absolute path and must run again in the temporary directory, and then again here.
#
#   deploy/build-as-dockerfile.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dockerfile=$root/deploy/Dockerfile
context=$(mktemp -d)
clean_own() { cargo clean --quiet --release -p carevoice --manifest-path "$root/Cargo.toml"; }
trap 'rm -rf "$context"; clean_own' EXIT
clean_own

# The COPY lines of the first stage (up to the second FROM) that copy from the context.
mapfile -t copies < <(awk '
  /^FROM / { stage++ }
  stage == 1 && /^COPY / && !/--from=/ { sub(/^COPY +/, ""); print }
' "$dockerfile")
[ ${#copies[@]} -gt 0 ] || { echo "FAIL  no COPY in the Dockerfile's build stage"; exit 1; }

for copy in "${copies[@]}"; do
  read -r -a words <<<"$copy"
  destination=${words[-1]}
  unset 'words[-1]'
  for source in "${words[@]}"; do
    [ -e "$root/$source" ] || { echo "FAIL  the Dockerfile copies $source, which does not exist"; exit 1; }
    if [ "$destination" = ./ ]; then
      cp -R "$root/$source" "$context/"
    else
      mkdir -p "$context/$(dirname "$destination")"
      cp -R "$root/$source" "$context/$destination"
    fi
  done
  echo "copied  ${words[*]} -> $destination"
done

# The build stage's own command.
grep -q 'cargo build --release --locked' "$dockerfile" \
  || { echo "FAIL  the Dockerfile's build stage no longer runs cargo build --release --locked"; exit 1; }
(cd "$context" && CARGO_TARGET_DIR=$root/target cargo build --release --locked --quiet)
"$root/target/release/carevoice" check >/dev/null
echo "ok    the release binary builds from exactly what deploy/Dockerfile copies, and checks its content"
