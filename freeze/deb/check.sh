#!/usr/bin/env bash
# make deb-check: the package tried where it will run. A fresh Debian 11 root (no Python, no Qt,
# no CJK fonts) gets an older build of the package (this one relabelled with a lower version) and
# an old database; then this build is installed over it. Checked: --version and --self-check, a
# database made in the user's data folder, the old file migrated, the program started under Xvfb
# at 1366x768 with the desktop entry's Exec line (dist/deb-check-screenshot.png), and removing
# the package leaving the user's data where it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT_DIR=$PWD
CACHE=${BRANCHBOOK_DEB_CACHE:-$HOME/.cache/branchbook-deb}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PYTHON=${PYTHON:-$ROOT_DIR/.venv/bin/python}
DEB=${1:-$(ls -t dist/branchbook_*_amd64.deb | head -1)}
APPID=$(dpkg-deb -c "$DEB" | grep -o 'opt/apps/[^/]*/info' | head -1 | cut -d/ -f3)
VERSION=$(dpkg-deb -f "$DEB" Version)
[ "$(id -u)" = 0 ] || { echo "make deb-check 需要 root 权限（chroot）" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "make deb-check 需要 Xvfb（apt-get install xvfb）" >&2; exit 2; }
start=$(date +%s)
if [ ! -f "$CACHE/clean-root.tar" ]; then
    echo "== a clean Debian 11 root (first check only)"
    mkdir -p "$CACHE"
    rm -rf "$CACHE/test-root.tmp"
    debootstrap --variant=minbase bullseye "$CACHE/test-root.tmp" "$MIRROR" > "$CACHE/debootstrap-test.log"
    tar -C "$CACHE/test-root.tmp" -cf "$CACHE/clean-root.tar" . && rm -rf "$CACHE/test-root.tmp"
fi
WORK=$(mktemp -d /var/tmp/branchbook-check.XXXXXX)
R=$WORK/root
mkdir -p "$R" "$WORK/fb"
tar -xf "$CACHE/clean-root.tar" -C "$R"
cp /etc/resolv.conf "$R/etc/resolv.conf"
XPID=""
cleanup() {
    [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
    for m in tmp/.X11-unix dev proc; do umount -l "$R/$m" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
mount --bind /proc "$R/proc"
mount --rbind /dev "$R/dev"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
as_user() { chroot --userspec=1000:1000 "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/secretary \
    LANG=C.UTF-8 "$@"; }
step() { echo "== $*"; }

# the older build: this package with a lower version
OLD=$WORK/old
dpkg-deb -R "$DEB" "$OLD"
sed -i "s/^Version: .*/Version: 0.0.1/" "$OLD/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$OLD" "$R/old.deb" >/dev/null
cp "$DEB" "$R/new.deb"

step "安装较早版本（全新的 Debian 11，无 Python、无 Qt、无中文字体）"
in_root apt-get -qq update
in_root env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends ./old.deb >/dev/null
if in_root dpkg-query -W -f '${Package}\n' | grep -E '^(python3|libpython|libqt|fonts-.*(cjk|wqy|noto))' ; then
    echo "依赖带进了 Python、Qt 或中文字体" >&2; exit 1
fi
in_root useradd -m -u 1000 secretary
as_user branchbook --version
as_user env QT_QPA_PLATFORM=offscreen branchbook --self-check
step "在用户数据文件夹中建立数据库，放入一个旧版本的数据文件"
as_user branchbook init --name 安装检查支部 >/dev/null
DATA=$R/home/secretary/.local/share/BranchBook
OLDEST=$(ls tests/fixtures/db/schema_v*.sqlite | sort -V | head -1)
cp "$OLDEST" "$DATA/旧版本.sqlite" && chown 1000:1000 "$DATA/旧版本.sqlite"
ls "$DATA"

step "安装本次构建 $VERSION（覆盖安装）"
in_root env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends ./new.deb >/dev/null
[ "$(in_root dpkg-query -W -f '${Version}' branchbook)" = "$VERSION" ]
as_user branchbook --version
as_user branchbook branch show >/dev/null && echo "原数据库仍在，可以打开"
as_user branchbook --db "/home/secretary/.local/share/BranchBook/旧版本.sqlite" verify
as_user branchbook --db "/home/secretary/.local/share/BranchBook/旧版本.sqlite" members list --json >/dev/null \
    && echo "旧版本的数据文件已升级"

step "启动时间：10 年演示数据，offscreen，各取 3 次中最快的一次"
DEMO=$WORK/demo10.sqlite
(cd "$ROOT_DIR" && "$PYTHON" -m app demo create "$DEMO" --members 60 --years 10 --seed 7 >/dev/null)
cp "$DEMO" "$R/home/secretary/demo10.sqlite" && chown 1000:1000 "$R/home/secretary/demo10.sqlite"
best() { local b=999; for _ in 1 2 3; do local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    b=$(echo "$t0 $t1 $b" | awk '{d=$2-$1; print (d<$3)?d:$3}'); done; echo "$b"; }
INSTALLED=$(best as_user env QT_QPA_PLATFORM=offscreen branchbook --db /home/secretary/demo10.sqlite --self-check)
CHECKOUT=$(best env QT_QPA_PLATFORM=offscreen "$ROOT_DIR/.venv/bin/branchbook" --db "$DEMO" --self-check)
echo "安装的程序 ${INSTALLED}s，源码目录 ${CHECKOUT}s"

step "在 Xvfb 中按菜单项的 Exec 启动（1366×768）"
DESKTOP=$R/usr/share/applications/$APPID.desktop
[ -e "$DESKTOP" ] || DESKTOP=$R/opt/apps/$APPID/entries/applications/$APPID.desktop
EXEC=$(sed -n 's/^Exec=//p' "$DESKTOP" | sed 's/ %[fFuU]//')
DISPLAY_NO=$(( 90 + RANDOM % 9 ))
Xvfb ":$DISPLAY_NO" -screen 0 1366x768x24 -fbdir "$WORK/fb" -nolisten tcp >/dev/null 2>&1 &
XPID=$!
sleep 2
mkdir -p "$R/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$R/tmp/.X11-unix"
as_user env DISPLAY=":$DISPLAY_NO" XDG_RUNTIME_DIR=/tmp $EXEC > "$WORK/gui.log" 2>&1 &
GUI=$!
sleep 12
mkdir -p dist
"$PYTHON" freeze/deb/xwd_to_png.py "$WORK/fb/Xvfb_screen0" dist/deb-check-screenshot.png
kill "$GUI" 2>/dev/null || true
pkill -f "/opt/apps/$APPID/files" 2>/dev/null || true
sleep 1
umount -l "$R/tmp/.X11-unix"
if ! kill -0 "$XPID" 2>/dev/null; then echo "Xvfb 已退出" >&2; exit 1; fi

step "卸载：用户数据保留"
in_root dpkg -r branchbook >/dev/null
[ ! -e "$R/opt/apps/$APPID" ] || { echo "卸载后程序文件仍在" >&2; exit 1; }
[ -f "$DATA/旧版本.sqlite" ] && ls "$DATA" | grep -q sqlite && echo "数据文件仍在：$(ls "$DATA" | tr '\n' ' ')"
echo "make deb-check 通过（$(( $(date +%s) - start )) s），截图：dist/deb-check-screenshot.png"
