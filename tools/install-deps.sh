#!/bin/sh
# Install the Debian 12 packages hascout needs to build, test and run its labs.
# Idempotent; run as root (or through sudo).
set -e
# root installs directly (a fresh Debian may have no sudo); others go through sudo
if [ "$(id -u)" != 0 ]; then exec sudo "$0" "$@"; fi
export DEBIAN_FRONTEND=noninteractive
BUILD="autoconf automake libtool pkg-config make gcc clang libclang-rt-14-dev clang-format-14 \
  libconfig-dev libcurl4-openssl-dev libmariadb-dev librados-dev libcunit1-dev \
  libjson-c-dev libbdd-dev libxml2-dev libsnmp-dev libgsl-dev \
  debhelper dpkg-dev lintian"
LAB="haproxy keepalived snmpd snmp iproute2 nftables socat openssl jq bc time python3 python3-jsonschema procps \
  chromium prometheus prometheus-node-exporter curl icinga2-bin icinga2-common nagios4-core \
  mariadb-server mariadb-client galera-4 rsync \
  ceph-mon ceph-mgr ceph-osd ceph-common"
missing=""
for p in $BUILD $LAB; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    apt-get update -qq
    # Packaged servers must not start as services here: the labs start their own.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y -qq --no-install-recommends $missing
fi
