"""Outputs are files: every command that writes refuses a device, a pipe, a socket or a folder
already at the path, and a name whose ending does not match what it writes — before anything is
written, with exit 2 — and ``--db`` must be an ordinary file that exists (only ``init`` makes one).

Device nodes and pipes are made in the test's own folder (``mknod``/``mkfifo``), never the
system's own."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from pathlib import Path

import pytest

from app.cli import main as cli_main


def main(argv: list[str]) -> int:
    """The command's exit code (a refusal by the argument parser is an exit too)."""
    try:
        return cli_main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)

ALL_COMMANDS = (
    ("backup", "{out}"),
    ("print", "workbook", "--year", "2025", "-o", "{out}"),
    ("log", "-o", "{out}"),
    ("members", "export", "{out}"),
    ("members", "template", "{out}"),
    ("dues", "export", "--year", "2025", "{out}"),
    ("summary", "draft", "--year", "2025", "-o", "{out}"),
    ("handover", "--to", "王芳", "-o", "{out}"),
)


@pytest.fixture
def db(tmp_path: Path, _demo_year_file: Path) -> Path:
    target = tmp_path / "branch.sqlite"
    shutil.copyfile(_demo_year_file, target)
    return target


def _specials(folder: Path) -> dict[str, Path]:
    """A character device (the null device's numbers), a named pipe, a socket, a folder, and a link
    to the device — all inside ``folder``."""
    out = {"device": folder / "null-device", "pipe": folder / "pipe", "socket": folder / "sock",
           "folder": folder / "folder", "link": folder / "link.pdf"}
    os.mknod(out["device"], 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mkfifo(out["pipe"])
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(out["socket"]))
    sock.close()
    out["folder"].mkdir()
    out["link"].symlink_to(out["device"])
    return out


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.lstat().st_mode, p.lstat().st_size) for p in folder.iterdir()}


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_no_command_writes_over_a_device_a_pipe_a_socket_or_a_link_to_one(db: Path, tmp_path: Path,
                                                                        capsys) -> None:
    special = tmp_path / "special"
    special.mkdir()
    paths = _specials(special)
    before = _snapshot(special)
    for command in ALL_COMMANDS:
        for kind in ("device", "pipe", "socket", "link"):
            argv = [a.format(out=paths[kind]) for a in command]
            assert main(["--db", str(db), *argv]) == 2, (command, kind)
            message = capsys.readouterr().err
            assert "不能写入" in message or "结尾" in message, (command, kind, message)
    assert _snapshot(special) == before  # each is still what it was: nothing replaced, nothing added
    assert stat.S_ISCHR(paths["device"].stat().st_mode) and stat.S_ISFIFO(paths["pipe"].lstat().st_mode)


def test_a_name_that_does_not_match_what_is_written_is_refused(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    cases = ((("print", "workbook", "--year", "2025", "-o"), "x.txt", ".pdf"),
             (("log", "-o"), "log.pdf", ".xlsx"), (("members", "export"), "名册.csv", ".xlsx"),
             (("backup",), "copy.txt", ".sqlite"), (("handover", "--to", "王芳", "-o"), "list.docx", ".pdf"))
    for command, name, wanted in cases:
        assert main(["--db", str(db), *command, str(out / name)]) == 2, command
        assert wanted in capsys.readouterr().err
    assert not list(out.iterdir())
    assert main(["--db", str(db), "print", "workbook", "--year", "2025", "-o", str(out / "书.pdf")]) == 0
    assert [p.name for p in out.iterdir()] == ["书.pdf"]


def test_a_folder_is_refused_where_a_file_is_meant(db: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert main(["--db", str(db), "print", "workbook", "--year", "2025", "-o", str(folder)]) == 2
    assert "文件夹" in capsys.readouterr().err and not list(folder.iterdir())


def test_a_link_to_an_ordinary_file_writes_the_file_it_points_to(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    assert main(["--db", str(db), "print", "workbook", "--year", "2025", "-o", str(link)]) == 0
    assert real.read_bytes().startswith(b"%PDF") and link.is_symlink()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_or_a_pipe_as_the_database_is_refused_leaving_nothing_beside_it(tmp_path: Path,
                                                                               capsys) -> None:
    special = tmp_path / "special"
    special.mkdir()
    paths = _specials(special)
    before = _snapshot(special)
    for kind in ("device", "pipe", "folder", "link"):
        for command in (("members", "list"), ("init", "--name", "中共某局机关党支部"), ("backups", "--now")):
            code = main(["--db", str(paths[kind]), *command])
            assert code in (2, 3), (kind, command)
            assert "不是数据库文件" in capsys.readouterr().err, (kind, command)
    assert _snapshot(special) == before  # no -journal, -wal or .lock left beside them


@pytest.mark.parametrize("command", [("members", "list"), ("log",), ("backups", "--now"), ("verify",),
                                     ("encrypt", "--new-passphrase-file", "{secret}")])
def test_a_mistyped_database_path_creates_nothing(tmp_path: Path, capsys, command: tuple[str, ...]) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("口令2026abcd\n", encoding="utf-8")
    missing = tmp_path / "no-such-folder" / "x.sqlite"
    argv = [a.format(secret=secret) for a in command]
    assert main(["--db", str(missing), *argv]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pw.txt"]


def test_a_path_whose_bytes_are_not_utf8_is_bad_input(db: Path, capsys) -> None:
    weird = os.fsdecode(b"/tmp/\xff\xfe.pdf")  # as Python passes such an argument on
    assert main(["--db", str(db), "print", "workbook", "--year", "2025", "-o", weird]) == 2
    assert "不是 UTF-8 编码" in capsys.readouterr().err


def test_the_second_backup_location_must_be_a_folder(db: Path, tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main(["--db", str(db), "backups", "--second", str(a_file)]) == 2
    assert "是一个文件" in capsys.readouterr().err
    assert main(["--db", str(db), "backups", "--second", str(tmp_path / "missing")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["--db", str(db), "backups", "--second", str(tmp_path)]) == 0


#: Every command that reads a file a person names, with ``{in}`` where the file goes.
READING_COMMANDS = (
    ("members", "import", "{in}"),
    ("meetings", "import", "{in}"),
    ("meetings", "attach", "1", "{in}"),
    ("bundle", "inspect", "{in}"),
    ("notices", "import", "{in}"),
    ("committee-key", "import", "--fingerprint", "0123456789abcdef0123456789abcdef", "{in}"),
    ("keys", "rotate", "--passphrase-file", "{in}"),
    ("encrypt", "--new-passphrase-file", "{in}"),
    ("restore", "{in}"),
)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_pipe_a_device_or_a_socket_given_as_a_file_to_read_is_refused_at_once(db: Path, tmp_path: Path,
                                                                                capsys) -> None:
    """Reading a pipe nobody writes to would wait for ever; a device would never end. Each is
    refused by what it is, before anything opens it, and the database is left as it was."""
    special = tmp_path / "special"
    special.mkdir()
    paths = _specials(special)
    before = db.read_bytes()
    for command in READING_COMMANDS:
        for kind, word in (("pipe", "管道"), ("device", "设备"), ("socket", "套接字"), ("link", "设备"),
                           ("folder", "文件夹")):
            argv = [a.format(**{"in": paths[kind]}) for a in command]
            assert main(["--db", str(db), *argv]) == 2, (command, kind)
            message = capsys.readouterr().err
            assert word in message and str(paths[kind].name) in message, (command, kind, message)
    assert db.read_bytes() == before
    assert stat.S_ISFIFO(paths["pipe"].lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_the_committee_refuses_a_pipe_named_as_a_bundle_at_once(tmp_path: Path, capsys) -> None:
    committee, secret = tmp_path / "工委.sqlite", tmp_path / "pw.txt"
    secret.write_text("口令2026abcd\n", encoding="utf-8")
    assert main(["committee", "init", "--db", str(committee), "--name", "中共某市直机关工委",
                 "--passphrase-file", str(secret)]) == 0
    paths = _specials(tmp_path)
    capsys.readouterr()
    assert main(["committee", "--db", str(committee), "ingest", "--passphrase-file", str(secret),
                 str(paths["pipe"])]) == 2
    assert "管道" in capsys.readouterr().err


@pytest.mark.parametrize("command", [("members", "list"), ("init", "--name", "中共某局机关党支部"),
                                     ("backups", "--now"), ("committee", "branches")])
def test_a_file_of_another_kind_named_as_the_database_is_left_alone_with_nothing_beside_it(
        tmp_path: Path, capsys, command: tuple[str, ...]) -> None:
    """A Word document or a list opened by mistake: refused, unchanged, and no lock file appears
    next to it (who holds a lock is written only once the file is known to be a database)."""
    document = tmp_path / "党员名单.txt"
    document.write_text("张三\n李四\n", encoding="utf-8")
    assert main(["--db", str(document), *command]) == 3
    message = capsys.readouterr().err
    assert "不是" in message and "数据库" in message and "未做任何修改" in message
    assert document.read_text(encoding="utf-8") == "张三\n李四\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["党员名单.txt"]
