#!/usr/bin/env bash
# make deb: the office package, dist/branchbook_<version>_amd64.deb, built inside a Debian 11
# (bullseye) root so that every ELF file needs at most glibc $GLIBC_LIMIT.
#
# The build root lives outside the checkout ($BRANCHBOOK_DEB_CACHE, default ~/.cache/branchbook-deb):
# made with debootstrap and CPython built in it the first time, reused after. Needs root (chroot),
# debootstrap and dpkg-deb; the first build downloads bullseye's packages and the wheels.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT_DIR=$PWD
CACHE=${BRANCHBOOK_DEB_CACHE:-$HOME/.cache/branchbook-deb}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BUILD_ROOT=$CACHE/build-root
PYSRC=$CACHE/src
PYTHON=${PYTHON:-$ROOT_DIR/.venv/bin/python}
start=$(date +%s)

need() { command -v "$1" >/dev/null || { echo "make deb 需要 $1（Debian 上：apt-get install $2）" >&2; exit 2; }; }
need debootstrap debootstrap
need dpkg-deb dpkg
need objdump binutils
[ "$(id -u)" = 0 ] || { echo "make deb 需要 root 权限（在 Debian 11 构建环境中 chroot）" >&2; exit 2; }

mkdir -p "$CACHE" "$PYSRC"
if [ ! -d "$BUILD_ROOT" ]; then
    echo "== Debian 11 build root (first build only): $BUILD_ROOT"
    rm -rf "$BUILD_ROOT.tmp"
    debootstrap --variant=minbase --include="$(tr '\n' ',' < freeze/deb/build-root.packages | sed 's/,$//')" \
        bullseye "$BUILD_ROOT.tmp" "$MIRROR" > "$CACHE/debootstrap-build.log"
    mv "$BUILD_ROOT.tmp" "$BUILD_ROOT"
fi
# Debian's python3.11 source package (bookworm's), checked against the archive's Sources index
while read -r sum size name; do
    if [ ! -f "$PYSRC/$name" ] || [ "$(md5sum < "$PYSRC/$name" | cut -d' ' -f1)" != "$sum" ]; then
        curl -fsS -o "$PYSRC/$name" "$MIRROR/pool/main/p/python3.11/$name"
        [ "$(md5sum < "$PYSRC/$name" | cut -d' ' -f1)" = "$sum" ] || { echo "$name: checksum differs" >&2; exit 1; }
    fi
done < freeze/deb/python-source.md5

# the checkout (tracked and new files, as they are now) into the root
rm -rf "$BUILD_ROOT/src" "$BUILD_ROOT/out" "$BUILD_ROOT/deb-src"
mkdir -p "$BUILD_ROOT/src" "$BUILD_ROOT/out" "$BUILD_ROOT/deb-src" "$BUILD_ROOT/work"
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$BUILD_ROOT/src"
cp "$PYSRC"/python3.11_* "$BUILD_ROOT/deb-src/"
cp /etc/resolv.conf "$BUILD_ROOT/etc/resolv.conf"
# pip inside the root trusts what pip trusts here (an office or CI proxy's own certificate
# authority included) and uses the same package index
CA=$("$PYTHON" -c "import ssl; print(ssl.get_default_verify_paths().cafile or '')")
CA=${PIP_CERT:-${CA:-/etc/ssl/certs/ca-certificates.crt}}
cp "$CA" "$BUILD_ROOT/etc/branchbook-build-ca.crt"
INDEX=$("$PYTHON" -m pip config get global.index-url 2>/dev/null || true)
INDEX=${PIP_INDEX_URL:-$INDEX}
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for m in proc dev; do
    mountpoint -q "$BUILD_ROOT/$m" || { mount --bind "/$m" "$BUILD_ROOT/$m"; mounted+=("$BUILD_ROOT/$m"); }
done
chroot "$BUILD_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    PIP_CERT=/etc/branchbook-build-ca.crt ${INDEX:+PIP_INDEX_URL=$INDEX} /bin/sh /src/freeze/deb/in_root.sh
cleanup; mounted=()
trap - EXIT

"$PYTHON" freeze/deb/package.py --app "$BUILD_ROOT/out/branchbook" --out dist ${STORE:+--store}
echo "make deb: $(( $(date +%s) - start )) s"
