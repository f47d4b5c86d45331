#!/usr/bin/env bash
# Runs this repository's pre-commit hook (.pre-commit-hooks.yaml) for real, with Debian's
# pre-commit package, on a sample git repository: `pre-commit try-repo <this repo>
# kube-guardrails --all-files`. pre-commit clones the committed HEAD (plus uncommitted
# changes, if any), runs `npm install` there (the npm registry is the only network it
# needs), `npm pack` (prepack bundles dist/cli.js) and installs the tarball into a node
# environment that uses the system node (node_env-system: nothing downloaded from nodejs.org).
# Run by .ci/run; fails loudly when pre-commit is missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v pre-commit >/dev/null || { echo "error: pre-commit is not installed (apt-get install -y pre-commit)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
sample="$work/sample"
mkdir -p "$sample/k8s" "$sample/docs"

fail() { echo "pre-commit try-repo check FAILED: $1" >&2; echo "$2" >&2; exit 1; }
commit_all() { git -C "$sample" add -A && git -C "$sample" -c user.name=ci -c user.email=ci@example.invalid commit -qm "$1"; }
# Sample manifests: the same hardened Pod the unit tests use, with or without privileged: true.
pod() { node -e 'const { pod } = require(process.argv[1]); process.stdout.write(pod(process.argv[2], process.argv[3] ? { containerExtra: [process.argv[3]] } : {}));' "$repo/out/test/unit/cli-helpers.js" "$@"; }

git -C "$sample" init -q
pod web 'privileged: true' >"$sample/k8s/web.yaml"
pod api >"$sample/k8s/api.yaml"
# Not YAML by name: the hook's files regex keeps it out (named explicitly, the CLI would report it).
pod notes 'privileged: true' >"$sample/docs/pod.txt"
commit_all 'sample manifests'

set +e
out=$(cd "$sample" && pre-commit try-repo "$repo" kube-guardrails --all-files --verbose 2>&1)
code=$?
set -e
[ "$code" -eq 1 ] || fail "expected exit 1 (an error finding), got $code" "$out"
grep -qE '^kube-guardrails\.+Failed$' <<<"$out" || fail 'the hook did not report Failed' "$out"
grep -qE '^  k8s/web\.yaml:[0-9]+:[0-9]+ +error +.*pss-privileged$' <<<"$out" || fail 'no pss-privileged error in k8s/web.yaml' "$out"
grep -qF '1 problem (1 error, 0 warnings, 0 info) in 2 files.' <<<"$out" || fail 'expected one problem in the two YAML files' "$out"
! grep -q 'docs/pod.txt' <<<"$out" || fail 'a non-YAML file was passed to the hook' "$out"
ls -d "$PRE_COMMIT_HOME"/repo*/node_env-system >/dev/null 2>&1 || fail 'the hook did not use the system node' "$(ls -R "$PRE_COMMIT_HOME" | head -20)"

pod web >"$sample/k8s/web.yaml"
commit_all 'drop privileged'
set +e
out=$(cd "$sample" && pre-commit try-repo "$repo" kube-guardrails --all-files 2>&1)
code=$?
set -e
[ "$code" -eq 0 ] || fail "expected exit 0 once fixed, got $code" "$out"
grep -qE '^kube-guardrails\.+Passed$' <<<"$out" || fail 'the hook did not report Passed' "$out"
echo "== pre-commit try-repo: the kube-guardrails hook fails on a privileged Pod and passes once it is fixed"
