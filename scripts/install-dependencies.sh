#!/usr/bin/env bash
# Installs every Debian 12 package ZooScope needs to build, test and benchmark.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
  libgl1-mesa-dev zlib1g-dev
  libsasl2-dev libsasl2-modules python3-pure-sasl
  libsasl2-modules-gssapi-mit krb5-kdc krb5-admin-server krb5-user python3-kerberos
  clang libclang-rt-14-dev clang-format
  default-jre-headless default-jdk-headless zookeeper python3 python3-kazoo libzookeeper-mt-dev
  libcurator-framework-java libcurator-recipes-java libcurator-client-java
  xvfb xauth procps zktop openssl libssl-dev libnetty-java
  libqt6svg6 fonts-wqy-microhei
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
