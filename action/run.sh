#!/usr/bin/env bash
# The steps of the modls GitHub Action (action.yml at the repository root),
# kept here so that a test can run them on real output
# (cmd/modls/action_test.go).
#
#   run.sh install   put modls on PATH:
#                      MODLS_VERSION empty      build the action's own checkout
#                                               (MODLS_SOURCE) with make install
#                      MODLS_VERSION installed  use the modls already on PATH
#                      MODLS_VERSION REF        clone MODLS_REPOSITORY (else the
#                                               Makefile's REPOSITORY) at REF (a tag,
#                                               branch or commit) and build it
#   run.sh check     run modls check --format sarif on INPUT_PATH (DIRs or FILEs,
#                    separated by white space) with INPUT_ARGS, writing
#                    INPUT_SARIF_FILE; print the problems as text to the log
#                    unless INPUT_LOG is false; set the outputs exit-code,
#                    sarif-file and summary; fail when modls check found errors
#                    (or more warnings than --max-warnings) unless INPUT_FAIL
#                    is false. A usage error, or a DIR without a mod, fails
#                    always: there is no SARIF worth uploading then.
#
# GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY are the runner's files;
# each is skipped when unset.
set -euo pipefail

# out appends name=value to the step's outputs.
out() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

install() {
  local version=${MODLS_VERSION:-} src=${MODLS_SOURCE:-}
  if [ "$version" = installed ]; then
    command -v modls >/dev/null || { echo "::error::modls is not on PATH (version: installed)"; exit 1; }
    echo "using $(command -v modls): $(modls version | head -n1)"
    return
  fi
  if [ -n "$version" ]; then
    local repo=${MODLS_REPOSITORY:-}
    if [ -z "$repo" ] && [ -f "$src/Makefile" ]; then
      # The project's address, kept in one place: the Makefile's REPOSITORY.
      repo=$(sed -n 's/^REPOSITORY[[:space:]]*?=[[:space:]]*//p' "$src/Makefile")
    fi
    if [ -z "$repo" ]; then
      echo "::error::version $version: no repository to clone it from"
      exit 1
    fi
    src=$(mktemp -d)
    echo "building modls $version from $repo"
    git init -q "$src"
    git -C "$src" fetch -q --depth 1 "$repo" "$version"
    git -C "$src" checkout -q FETCH_HEAD
  fi
  if [ -z "$src" ] || [ ! -f "$src/Makefile" ]; then
    echo "::error::no modls source to build (MODLS_SOURCE=${src:-unset})"
    exit 1
  fi
  make -C "$src" --no-print-directory install
  local bin
  bin=$(go env GOBIN)
  [ -n "$bin" ] || bin=$(go env GOPATH)/bin
  if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$bin" >>"$GITHUB_PATH"
  fi
}

check() {
  local sarif=${INPUT_SARIF_FILE:-modls.sarif} code=0 summary err
  local -a paths extra
  # Words, not globs: a pattern in INPUT_PATH is passed as is.
  read -r -a paths <<<"${INPUT_PATH:-.}"
  read -r -a extra <<<"${INPUT_ARGS:-}"
  [ "${#paths[@]}" -gt 0 ] || paths=(.)
  mkdir -p "$(dirname "$sarif")"
  err=$(mktemp)
  modls check --format sarif --color never ${extra[@]+"${extra[@]}"} "${paths[@]}" >"$sarif" 2>"$err" || code=$?
  cat "$err" >&2
  # The summary is check's last line on stderr ("3 errors, 1 warning in 2
  # files"); nothing is printed when there is no problem.
  summary=$(grep -E '^[0-9]+ (error|warning|info|hint)' "$err" | tail -n1 || true)
  rm -f "$err"
  if [ "$code" -ge 2 ]; then
    echo "::error::modls check failed (exit $code): see the lines above"
    out exit-code "$code"
    exit "$code"
  fi
  if [ "${INPUT_LOG:-true}" != false ] && [ -n "$summary" ]; then
    # The same problems as text, for whoever reads the log.
    modls check --color never ${extra[@]+"${extra[@]}"} "${paths[@]}" 2>/dev/null || true
  fi
  [ -n "$summary" ] || summary="no problems"
  echo "modls check: $summary; SARIF in $sarif"
  out exit-code "$code"
  out sarif-file "$sarif"
  out summary "$summary"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '### modls check\n\n%s (SARIF: `%s`)\n' "$summary" "$sarif" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ "$code" -ne 0 ] && [ "${INPUT_FAIL:-true}" != false ]; then
    exit "$code"
  fi
}

case "${1:-}" in
install) install ;;
check) check ;;
*)
  echo "usage: $0 install|check" >&2
  exit 2
  ;;
esac
