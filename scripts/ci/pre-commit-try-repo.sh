#!/usr/bin/env bash
# Runs this repository's pre-commit hook (.pre-commit-hooks.yaml) for real, with Debian's
# pre-commit package, on a sample git repository: `pre-commit try-repo <this repo>
# kube-guardrails --all-files`. pre-commit clones the committed HEAD (plus uncommitted
# changes, if any), runs `npm install` there (the npm registry is the only network it
# needs), `npm pack` (prepare bundles dist/cli.js) and installs the tarball into a node
# environment that uses the system node (node_env-system: nothing downloaded from nodejs.org).
# Needs `npm run compile` (out/test/unit/cli-helpers.js). Run by .ci/run; fails loudly when
# pre-commit is missing. A clean working tree is tested as committed (HEAD).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v pre-commit >/dev/null || { echo "error: pre-commit is not installed (apt-get install -y pre-commit)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
# npm answers from its cache when it can (pre-commit's `npm install` of this repository).
export npm_config_prefer_offline=true
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
# Then as a user sets it up: a .pre-commit-config.yaml naming this repository at its commit,
# `pre-commit run` (its store is PRE_COMMIT_HOME, so the node environment can be checked).
pod web >"$sample/k8s/web.yaml"
rev=$(git -C "$repo" rev-parse HEAD)
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: kube-guardrails\n      - id: kube-guardrails-repo\n' "$repo" "$rev" >"$sample/.pre-commit-config.yaml"
commit_all 'drop privileged'
set +e
out=$(cd "$sample" && pre-commit run --all-files 2>&1)
code=$?
set -e
[ "$code" -eq 0 ] || fail "expected exit 0 once fixed, got $code" "$out"
grep -qE '^kube-guardrails\.+Passed$' <<<"$out" || fail 'the hook did not report Passed' "$out"
grep -qE '^kube-guardrails \(whole repository\)\.+Passed$' <<<"$out" || fail 'the whole-repository hook did not report Passed' "$out"
# The whole-repository hook scans every file when one YAML file is staged: a privileged Pod
# in a file that is not staged fails it.
pod web 'privileged: true' >"$sample/k8s/web.yaml"
commit_all 'privileged again'
echo '# reviewed' >>"$sample/k8s/api.yaml"
git -C "$sample" add k8s/api.yaml
set +e
out=$(cd "$sample" && pre-commit run kube-guardrails-repo --verbose 2>&1)
code=$?
set -e
[ "$code" -eq 1 ] || fail "expected exit 1 from the whole-repository hook, got $code" "$out"
grep -qE '^  k8s/web\.yaml:[0-9]+:[0-9]+ +error +.*pss-privileged$' <<<"$out" || fail 'the whole-repository hook missed k8s/web.yaml' "$out"
envs=$(ls -d "$PRE_COMMIT_HOME"/repo*/node_env-* 2>/dev/null || true)
[ "$(basename "$envs")" = node_env-system ] || fail "expected one node_env-system (the system node), found: ${envs:-none}" ""
echo "== pre-commit: the kube-guardrails hook fails on a privileged Pod (try-repo) and passes once it is fixed (run); kube-guardrails-repo scans unstaged files too; system node"
