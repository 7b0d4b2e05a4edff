#!/usr/bin/env bash
# Debian trixie's Hugo beside the system's, for the publication check (.ci/run): `apt-get download` through a
# private sources list, state and cache folder (the system's apt lists, sources and packages are left as they
# are), unpacked with `dpkg-deb -x` into a folder (never installed). Prints the binary's path on stdout.
# Idempotent: a folder that already holds a Hugo that runs is used as it is.
#
#   scripts/dev/trixie-hugo.sh                      → node_modules/.cache/trixie-hugo/root/usr/bin/hugo
#   TRIXIE_HUGO_DIR=/somewhere scripts/dev/trixie-hugo.sh
#   HUGO="$(command -v hugo):$(scripts/dev/trixie-hugo.sh)" npm run -s publish-check
#
# Trixie's hugo is linked dynamically against libc 2.34+, libstdc++, libwebp7 and libsass1: bookworm has all of
# them (the last two come with bookworm's own `hugo` package), so the binary runs here as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${TRIXIE_HUGO_DIR:-node_modules/.cache/trixie-hugo}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
bin="$dir/root/usr/bin/hugo"
if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
# The Debian mirror this machine's apt uses (a deb822 `URIs:` or a one-line `deb` entry ending in /debian).
mirror="$(grep -rhoE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
  /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | grep -oE 'https?://[^[:space:]]+' | head -n 1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial" "$dir/deb"
echo "deb ${mirror%/} trixie main" >"$dir/trixie.list"
apt=(-o "Dir::Etc::SourceList=$dir/trixie.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State=$dir/state"
  -o "Dir::Cache=$dir/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
echo "trixie-hugo: apt-get update from ${mirror%/} trixie main (private lists in $dir)" >&2
apt-get "${apt[@]}" update >&2
rm -f "$dir"/deb/hugo_*.deb
(cd "$dir/deb" && apt-get "${apt[@]}" download hugo >&2)
rm -rf "$dir/root"
dpkg-deb -x "$dir"/deb/hugo_*.deb "$dir/root"
missing="$(ldd "$bin" | awk '/not found/ {print $1}' | tr '\n' ' ')"
if [ -n "$missing" ]; then
  echo "trixie-hugo: $bin needs libraries this system lacks: $missing(on bookworm: apt-get install -y libwebp7 libsass1)" >&2
  exit 1
fi
"$bin" version >&2
echo "$bin"
