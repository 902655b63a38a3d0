#!/usr/bin/env bash
# Every command the README shows is checked: the two set-up scripts exist and parse; each
# `preflight VERB ...` line names a verb and only options its --help lists; each CMake function and target it names is defined
# by the package; each docs page it links exists.
# Usage: readme_commands.sh PREFLIGHT SOURCE_DIR
set -euo pipefail
preflight=$1 source=$2
readme=$source/README.md
fail() { echo "FAIL: README: $*" >&2; exit 1; }

for script in $(grep -oE '^bash ci/[a-z-]+\.sh' "$readme" | awk '{print $2}'); do
  bash -n "$source/$script" || fail "$script does not parse"
done
[ "$(grep -cE '^bash ci/[a-z-]+\.sh' "$readme")" -eq 2 ] || fail "the first screen gives two set-up commands"

# `preflight ...` commands, in code blocks and inline (continuation lines joined).
commands=$(awk '/^```bash/ {b = 1; next} /^```/ {b = 0} b' "$readme" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
  sed 's/ *#.*//' | grep -E '^preflight ' || true)
commands+=$'\n'$(grep -oE '`preflight (run|check|config|report|classify|history|admission) [^`]*`' "$readme" | tr -d '`')
checked=0
while read -r line; do
  [ -n "$line" ] || continue
  read -r -a words <<<"${line%% -- *}"
  verb=${words[1]}
  case $verb in config|report|history|admission) verb="$verb ${words[2]}" ;; esac
  help=$("$preflight" $verb --help 2>&1) || fail "\`$line\`: no verb \`preflight $verb\`"
  for word in "${words[@]}"; do
    [[ $word == --* ]] || continue
    grep -qE -- "(^| )${word%%=*}( |,|=|$)" <<<"$help" || fail "\`$line\`: \`preflight $verb\` has no option $word"
  done
  checked=$((checked + 1))
done <<<"$commands"
[ "$checked" -ge 6 ] || fail "only $checked preflight commands found"

# The CMake snippet: every preflight_* function and preflight:: target is the package's.
for name in $(grep -oE 'preflight_[a-z_]+\(|preflight::[a-z_]+' "$readme" | tr -d '(' | sort -u); do
  grep -rqE -- "(function\\(|ALIAS |add_library\\()${name#preflight::}|${name}" \
    "$source/cmake" "$source/gtest_listener/CMakeLists.txt" "$source/preflight/CMakeLists.txt" ||
    fail "$name is not defined by the package"
done
# Every docs page it links.
for page in $(grep -oE '\]\((docs/[^)#]+)' "$readme" | cut -c3-); do
  [ -f "$source/$page" ] || fail "links to $page, which does not exist"
done
echo "README: 2 set-up scripts, $checked preflight commands, its CMake names and links checked"
