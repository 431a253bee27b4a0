#!/usr/bin/env bash
# Creates or updates one of the project's Python environments from its lock file.
#
#   scripts/setup_env.sh tools   .venv/tools: the pinned `uv` installer (from requirements/tools.txt)
#   scripts/setup_env.sh bot     .venv/bot:   Python 3.10, Rasa 3.6 (from requirements/bot.lock)
#   scripts/setup_env.sh api     .venv/api:   Python 3.11+, the gemeente API (from requirements/api.lock)
#
# Each environment keeps a stamp: the sha256 of its lock file(s) and interpreter. When the stamp matches,
# nothing is installed and the script returns in milliseconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
which_env=${1:?usage: setup_env.sh tools|bot|api}
venvs=.venv

die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

python_version_ok() { # $1 = interpreter, $2 = min minor, $3 = max minor (inclusive)
  "$1" -c "import sys; sys.exit(0 if sys.version_info[0] == 3 and $2 <= sys.version_info[1] <= $3 else 1)" 2>/dev/null
}

real_path() { # the interpreter itself, not a pyenv shim, so the stamp names what was used
  "$1" -c 'import sys; print(sys.executable)'
}

find_python310() {
  local candidate version
  if command -v pyenv >/dev/null 2>&1; then
    # pyenv's 3.10 (the machine kind this project is developed on has 3.10.13).
    for version in ${PYENV_BOT_VERSION:-} $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
      candidate=$(PYENV_VERSION=$version pyenv which python 2>/dev/null) || continue
      python_version_ok "$candidate" 10 10 && { real_path "$candidate"; return 0; }
    done
  fi
  for candidate in python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    candidate=$(command -v "$candidate" 2>/dev/null) || continue
    python_version_ok "$candidate" 10 10 && { real_path "$candidate"; return 0; }
  done
  return 1
}

find_python311plus() {
  local candidate
  for candidate in python3 python3.13 python3.12 python3.11; do
    candidate=$(command -v "$candidate" 2>/dev/null) || continue
    python_version_ok "$candidate" 11 99 && { real_path "$candidate"; return 0; }
  done
  return 1
}

ensure_tools() {
  local stamp_file=$venvs/tools/.stamp want
  local py
  py=$(find_python311plus) || py=$(command -v python3) || die "no python3 found to install uv with"
  want=$( { cat requirements/tools.txt; echo "$py"; } | sha256sum | cut -d' ' -f1)
  if [ -x "$venvs/tools/bin/uv" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  echo "setup: installing uv into $venvs/tools"
  rm -rf "$venvs/tools"
  "$py" -m venv "$venvs/tools"
  "$venvs/tools/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/tools.txt
  echo "$want" > "$stamp_file"
}

ensure_env() { # $1 = name, $2 = interpreter, rest = lock files (missing optional ones are skipped)
  local name=$1 py=$2; shift 2
  local dir=$venvs/$name stamp_file=$venvs/$name/.stamp want locks=()
  for f in "$@"; do [ -f "$f" ] && locks+=("$f"); done
  want=$( { cat "${locks[@]}"; echo "$py"; "$py" --version; } | sha256sum | cut -d' ' -f1)
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  ensure_tools
  local uv=$venvs/tools/bin/uv
  local started=$SECONDS
  if [ ! -x "$dir/bin/python" ] || ! "$dir/bin/python" -c 'import sys' 2>/dev/null \
     || [ "$("$dir/bin/python" -c 'import sys; print(sys.version)')" != "$("$py" -c 'import sys; print(sys.version)')" ]; then
    echo "setup: creating $dir with $("$py" --version 2>&1) ($py)"
    rm -rf "$dir"
    "$uv" venv --quiet --python "$py" "$dir"
  fi
  echo "setup: installing $name environment from ${locks[*]}"
  # sync makes the environment exactly the lock: nothing missing, nothing extra.
  "$uv" pip sync --quiet --python "$dir/bin/python" "${locks[0]}"
  for extra in "${locks[@]:1}"; do
    "$uv" pip install --quiet --python "$dir/bin/python" -r "$extra"
  done
  echo "$want" > "$stamp_file"
  echo "setup: $name environment ready in $((SECONDS - started)) s"
}

case "$which_env" in
  tools) ensure_tools ;;
  bot)
    py=$(find_python310) || die "Rasa 3.6 needs Python 3.10 and none was found.
  Install it, for example with pyenv: 'pyenv install 3.10.13', or your system's python3.10 package,
  then run the command again. (Looked in: pyenv versions 3.10.x, python3.10 on PATH.)"
    # requirements/bot.local.txt (not committed) holds optional extras such as nl_core_news_md; see docs/understanding.md.
    ensure_env bot "$py" requirements/bot.lock requirements/bot.local.txt ;;
  api)
    py=$(find_python311plus) || die "the gemeente API needs Python 3.11 or newer and none was found on PATH."
    ensure_env api "$py" requirements/api.lock
    # WeasyPrint (the plan's PDF/A, issue 29) needs Pango and a font from the system: Debian's, when missing
    if ! "$venvs/api/bin/python" -c 'import weasyprint' >/dev/null 2>&1; then
      for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do scripts/apt_install.sh "$package"; done
      "$venvs/api/bin/python" -c 'import weasyprint' || die "WeasyPrint cannot load Pango (see the error above)."
    fi ;;
  *) die "unknown environment '$which_env' (tools, bot or api)" ;;
esac
