"""The bundle's payload: a ZIP with fixed timestamps and order (the same data gives the same
bytes) holding manifest.json, summary.json, a snapshot of the database without the sealed
private key, the year's books as PDF and the branch's public key."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.common.errors import UserError
from app.printing import catalog
from app.printing.catalog import BookKind
from db import engine
from db.images import copy_plain

if TYPE_CHECKING:
    import sqlite3

    from app.services import Services

MANIFEST_FORMAT = "branchbook-manifest/1"
BRANCH_KEY_FORMAT = "branchbook-branch-key/1"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

Progress = Callable[[str], None]


def snapshot(conn: sqlite3.Connection) -> bytes:
    """A consistent copy of the whole database (SQLite's backup API) with every sealed private
    key blanked and the free pages dropped, so nothing secret travels even encrypted."""
    with tempfile.TemporaryDirectory(prefix="branchbook-snap-") as tmp:
        path = Path(tmp) / "snapshot.sqlite"
        target = engine.connect(str(path))
        try:
            copy_plain(conn, target)  # plain pages even from an encrypted file (the bundle is encrypted)
            target.execute("PRAGMA journal_mode = DELETE")
            target.execute("UPDATE branch_key SET sealed_private = x'', kdf = '{}'")
            target.commit()
            target.execute("VACUUM")
        finally:
            target.close()
        return path.read_bytes()


def _pdfs(s: Services, year: int, progress: Progress, cancel: Callable[[], bool]) -> dict[str, bytes]:
    """The year's books; a book with nothing to print is left out (the checklist says so)."""
    printer = s.printing
    end = min(f"{year}-12-31", s.today())
    choices = catalog.Choices(year=year, on=end)
    developing = any(any(st.done_on[:4] == str(year) for st in p.steps)
                     for p in s.development.people(include_closed=True))
    books: list[tuple[str, Callable[[], bytes]]] = [
        (b.bundle_name.format(year=year, end=end),
         partial(b.build, printer, choices, {"progress": progress, "cancel": cancel}))
        for b in catalog.CATALOG if b.bundle_name and (b.kind != BookKind.ASSESSMENT or developing)]
    out = {}
    for name, build in books:
        progress(f"正在生成 {name[4:]}…")
        try:
            out[name] = build()
        except UserError:
            continue  # nothing to print for this book this year (Cancelled is not a UserError)
    return out


def branch_key_file(branch_name: str, code: str, public: bytes, fingerprint: str) -> bytes:
    return (json.dumps({"format": BRANCH_KEY_FORMAT, "branch_name": branch_name, "branch_code": code,
                        "algorithm": "Ed25519", "fingerprint": fingerprint,
                        "public_key": base64.b64encode(public).decode("ascii")},
                       ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def build_zip(files: dict[str, bytes]) -> bytes:
    """The ZIP of ``files`` plus manifest.json, in name order, with fixed metadata."""
    manifest = {"format": MANIFEST_FORMAT,
                "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                          for name, data in sorted(files.items())}}
    everything = {**files, "manifest.json": _json(manifest)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(everything):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, everything[name], compresslevel=6)
    return buffer.getvalue()


def build(s: Services, view: Services, year: int, summary: dict[str, Any], key_file: bytes,
          rotations: list[dict[str, Any]], progress: Progress, cancel: Callable[[], bool]) -> bytes:
    """The payload: the whole file's snapshot from ``s``, the year's books from ``view`` (the file
    as it stood at the year's end, made once for all of them)."""
    progress("正在复制数据库…")
    files = {"summary.json": _json(summary), "data/branchbook.sqlite": snapshot(s.conn),
             "keys/branch.pub": key_file}
    if rotations:
        files["keys/rotations.json"] = _json(rotations)
    files.update(_pdfs(view, year, progress, cancel))
    progress("正在打包…")
    return build_zip(files)


def read_zip(data: bytes, max_files: int = 200, max_total: int = 4 * 1024**3,
             only: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """The files of a payload (or ``only`` those named), checked against its manifest.

    Raises:
        UserError: not a ZIP, too large, or a file that does not match the manifest.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > max_files or sum(i.file_size for i in infos) > max_total:
            raise UserError("报送包内容过多或过大")
        manifest = json.loads(archive.read("manifest.json"))
        names = {i.filename for i in infos} - {"manifest.json"}
        files = {i.filename: archive.read(i) for i in infos
                 if i.filename != "manifest.json" and (only is None or i.filename in only)}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UserError("报送包内容无法读取（不是有效的压缩包或缺少清单）") from None
    listed = manifest.get("files", {}) if isinstance(manifest, dict) else {}
    if not isinstance(listed, dict) or not all(isinstance(v, dict) for v in listed.values()):
        raise UserError("报送包的清单格式不对")
    if set(listed) != names:
        raise UserError("报送包内容与清单不一致（文件多出或缺少）")
    for name, data_ in files.items():
        if hashlib.sha256(data_).hexdigest() != listed[name].get("sha256"):
            raise UserError(f"报送包中的 {name} 与清单的校验值不符")
    return files
