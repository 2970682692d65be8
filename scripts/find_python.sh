#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains and fails.
# Rasa 3.6 runs on Python 3.8-3.10 only; .python-version asks pyenv for 3.10.
set -euo pipefail
wanted=$(cat "$(dirname "$0")/../.python-version" 2>/dev/null || echo 3.10)
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  candidates+=("$root/versions/$wanted/bin/python" "$root"/versions/3.10*/bin/python)
fi
candidates+=("${HOME}/.pyenv/versions/$wanted/bin/python" "$(command -v python3.10 || true)" "$(command -v python3 || true)" "$(command -v python || true)")
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
cat >&2 <<MSG
No Python 3.10 interpreter found. Rasa 3.6 needs Python 3.10 (it does not run on 3.11+).
Install one, e.g. 'pyenv install $wanted' (this project's .python-version selects it),
or put python3.10 on your PATH, then run the command again.
MSG
exit 1
