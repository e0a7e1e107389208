#!/bin/sh
# Runs inside the Debian 11 build root (freeze/deb/build.sh): CPython 3.11 from Debian's source
# package (built once, kept in the root), a virtual environment with the program's dependencies
# (the constraints keep every wheel on glibc 2.28), then PyInstaller on /src -> /out/branchbook.
set -eu
PY=/opt/bbpython
# what the interpreter is built with: a change rebuilds it
BUILD_ID="3.11.2-6+deb12u8 glibc-2.28-symbols"
export LC_ALL=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1
if [ "$(cat "$PY/.complete" 2>/dev/null)" != "$BUILD_ID" ]; then
    rm -rf "$PY"
    echo "== CPython 3.11 from Debian's python3.11 source package (first build only)"
    rm -rf /tmp/pybuild && mkdir -p /tmp/pybuild && cd /tmp/pybuild
    tar -xzf /deb-src/python3.11_3.11.2.orig.tar.gz
    tar -xJf /deb-src/python3.11_3.11.2-6+deb12u8.debian.tar.xz
    cd Python-3.11.2
    # Debian's fixes (crashes, security) without its system layout (multiarch, dist-packages):
    # the series from shutdown-deadlock.diff on
    sed -n '/^shutdown-deadlock.diff/,$p' ../debian/patches/series | while read -r p; do
        patch -p1 --quiet --forward < "../debian/patches/$p"
    done
    # CVE-2026-4224's fix uses an internal header; Debian builds pyexpat into the interpreter,
    # here it is a shared module, which must say so (as upstream's later pyexpat.c does)
    grep -q Py_BUILD_CORE_MODULE Modules/pyexpat.c || \
        sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
    # glibc 2.28 (UOS 20): bind the maths functions glibc 2.29 re-versioned to their older
    # versions, and leave out sem_clockwait (2.30; Python falls back to sem_timedwait)
    cat > /tmp/pybuild/glibc228.h <<'H'
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
H
    ./configure --prefix="$PY" --enable-shared LDFLAGS="-Wl,-rpath,$PY/lib" \
        CFLAGS="-include /tmp/pybuild/glibc228.h" ac_cv_func_sem_clockwait=no >/tmp/pybuild/configure.log
    make -j"$(nproc)" >/tmp/pybuild/make.log 2>&1
    make install >/tmp/pybuild/install.log 2>&1
    for m in _ssl _ctypes _sqlite3 _lzma _bz2 zlib pyexpat _elementtree _uuid readline; do
        "$PY/bin/python3.11" -c "import $m" || { echo "CPython built without $m" >&2; exit 1; }
    done
    echo "$BUILD_ID" > "$PY/.complete"
    rm -rf /opt/bbvenv  # its packages were installed for the previous interpreter
    cd / && rm -rf /tmp/pybuild
fi
if [ ! -x /opt/bbvenv/bin/python ]; then
    "$PY/bin/python3.11" -m venv /opt/bbvenv
fi
cd /src
/opt/bbvenv/bin/python -m pip install --quiet --upgrade pip
/opt/bbvenv/bin/python -m pip install --quiet -c freeze/deb/constraints.txt '.[build]'
/opt/bbvenv/bin/python -c "import PySide6, sys; print('Python', sys.version.split()[0], '· PySide6', PySide6.__version__)"
export BRANCHBOOK_SYSTEM_LIBS=/src/freeze/deb/system-libs.txt  # the desktop's own, not bundled
/opt/bbvenv/bin/pyinstaller --noconfirm --log-level WARN --distpath /out --workpath /work build.spec
