# Shared helpers of bin/run and bin/test (sourced, not run).

# Installs Debian packages that are missing, when we can (root, or sudo without a password).
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "causality: missing packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "causality: installing ${missing[*]} ..." >&2
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The nats-server binary (Debian installs it in /usr/sbin, which is not always on PATH).
nats_server_bin() {
  command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; }
}

ensure_build_tools() {
  command -v java >/dev/null 2>&1 || ensure_packages openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || ensure_packages maven
  [ -n "$(nats_server_bin)" ] || ensure_packages nats-server
}
