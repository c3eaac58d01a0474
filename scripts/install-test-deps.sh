#!/usr/bin/env bash
# Installs what the tests need and the machine lacks, from Debian's packages, saying what and why:
#   postgresql               the second test pass runs every test on a throwaway PostgreSQL server
#                            (skipped when CPOR_TEST_DATABASE_URL names a server already)
#   chromium chromium-driver the browser tests drive a real Chromium; both come from the same apt
#                            run so that their versions match
#   nodejs npm               the single sign-on tests run a real OpenID provider (oidc-provider,
#                            from the npm registry) under Node.js; only when node is missing
#   haproxy                  the several-instances test runs three portals behind a real load balancer
#   poppler-utils            PoE previews render PDF pages with pdftoppm (the portal needs it too)
# Only what is missing is installed; nothing present is upgraded. Needs root or sudo.
set -euo pipefail

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

missing=()
reasons=()
if [[ -z ${CPOR_TEST_DATABASE_URL:-} ]] && ! installed postgresql; then
  missing+=(postgresql)
  reasons+=("postgresql: every test runs a second time on PostgreSQL")
fi
if ! { installed chromium && installed chromium-driver; }; then
  missing+=(chromium chromium-driver)
  reasons+=("chromium, chromium-driver: the browser tests drive a real browser")
fi
if ! command -v haproxy >/dev/null; then
  missing+=(haproxy)
  reasons+=("haproxy: the several-instances test puts three portals behind a real load balancer")
fi
if ! command -v pdftoppm >/dev/null; then
  missing+=(poppler-utils)
  reasons+=("poppler-utils: PoE previews render PDF pages with pdftoppm")
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
  reasons+=("nodejs, npm: the single sign-on tests run a real OpenID provider")
fi
((${#missing[@]})) || exit 0

if ! command -v apt-get >/dev/null; then
  echo "error: the tests need ${missing[*]}, and this machine has no apt-get to install them." >&2
  printf '  %s\n' "${reasons[@]}" >&2
  exit 1
fi
sudo=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null; then
    echo "error: the tests need ${missing[*]}; install them as root (apt-get install ${missing[*]})." >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "== installing ${missing[*]} ==" >&2
printf '   %s\n' "${reasons[@]}" >&2
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
# The postgresql package may create and start its own cluster (15/main on port 5432). The tests do
# not use it; stop it so that it does not take memory during the run. Failing to is harmless.
if command -v pg_lsclusters >/dev/null; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _port state _rest; do
    if [[ $state == online* ]]; then
      "${sudo[@]}" pg_ctlcluster "$version" "$cluster" stop || true
    fi
  done || true
fi
