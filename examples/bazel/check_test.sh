#!/usr/bin/env bash
# A Bazel sh_test that fails when cws-docgen's outputs are stale (guides/ci.md, examples/bazel/BUILD.bazel).
# Arguments, from the BUILD file's `args` ($(rootpath …)): the cws-docgen executable and the config,
# both relative to the workspace's runfiles. Bazel runs the test with TEST_SRCDIR (the runfiles tree),
# TEST_WORKSPACE (the workspace's folder in it) and TEST_TMPDIR; the config's paths are relative to
# the config, so the schema, templates and committed outputs must be in `data` at their workspace paths.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: check_test.sh CWS_DOCGEN CONFIG (from the sh_test's args)" >&2
  exit 2
fi
docgen=$1
config=$2

runfiles="${TEST_SRCDIR:?not run by bazel test: TEST_SRCDIR is not set}/${TEST_WORKSPACE:?TEST_WORKSPACE is not set}"
tmp="${TEST_TMPDIR:?TEST_TMPDIR is not set}"

# The runfiles are symbolic links into the source tree, and cws-docgen reads no file through a link
# that leads out of the config's folder (guides/security.md): the data files are copied, links
# resolved, into the test's own temporary folder (node_modules left out: check does not read it).
work="$tmp/cws-docgen-workspace"
mkdir -p "$work"
tar -C "$runfiles" --dereference --exclude=node_modules -cf - . | tar -C "$work" -xf -

# Everything cws-docgen keeps between runs goes to the test's temporary folder, never the user's
# home: the build cache, TypeScript's code cache and the secret that seals both.
export CWS_DOCGEN_CACHE_DIR="$tmp/cws-docgen-cache"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_STATE_HOME="$tmp/state"

# Exit 1 names the stale files and shows their diff; 2 is a bad config or schema.
cd "$work"
exec "$runfiles/$docgen" check --config "$config"
