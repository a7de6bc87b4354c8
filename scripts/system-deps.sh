#!/usr/bin/env bash
# Installs what the tests need from Debian: Chromium (browser tests drive /usr/bin/chromium;
# no browser is ever downloaded), Noto CJK fonts (Chinese in screenshots and PDFs) and
# poppler-utils (pdftoppm: tests and docs/examples look at generated PDFs as pictures) and
# libmagic1 (the site itself needs it: uploads are checked by content).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
# The production-profile tests start a private redis-server (queue, cache, sessions) and a worker.
command -v redis-server >/dev/null || missing+=(redis-server)
# libmagic (the `file` command's library) judges uploads by content (catalog/filetypes.py).
if [ "$(/sbin/ldconfig -p 2>/dev/null | grep -c "libmagic.so.1 ")" = 0 ]; then missing+=(libmagic1); fi
# grep reads the whole list (no -q): with pipefail, an early exit would kill fc-list with
# SIGPIPE and make the fonts look missing.
if [ "$(fc-list 2>/dev/null | grep -ci "Noto Sans CJK")" = 0 ]; then missing+=(fonts-noto-cjk); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
else
  cat >&2 <<MSG
缺少测试所需的系统软件包：${missing[*]}
Missing system packages needed by the tests: ${missing[*]}
Install them as root, for example:
    sudo apt-get install ${missing[*]}
MSG
  exit 1
fi
