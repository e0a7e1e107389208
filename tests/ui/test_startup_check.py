"""``branchbook --db FILE --self-check``: start-up on a real file, timed from outside."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ui.application import startup_check


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_startup_check_paints_the_window_on_a_copy_and_leaves_the_file_alone(
        qapp, _demo_year_file: Path, capsys) -> None:
    before, files = _digest(_demo_year_file), sorted(_demo_year_file.parent.iterdir())
    assert startup_check(_demo_year_file) == 0
    out = capsys.readouterr().out
    assert "启动自检通过" in out and str(_demo_year_file) in out
    assert _digest(_demo_year_file) == before  # the check worked on its own copy
    assert sorted(_demo_year_file.parent.iterdir()) == files  # no backup, no lock or journal left beside it


def test_startup_check_refuses_what_it_cannot_open(qapp, tmp_path: Path, capsys) -> None:
    assert startup_check(tmp_path / "missing.sqlite") == 3
    assert "找不到文件" in capsys.readouterr().err
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("这不是数据库", encoding="utf-8")
    assert startup_check(not_a_db) == 3
    assert "自检失败" in capsys.readouterr().err
    assert not_a_db.read_text(encoding="utf-8") == "这不是数据库"


def test_startup_check_refuses_a_pipe_or_a_device_at_once(tmp_path: Path) -> None:
    """The check copies the file as the program starts (ui/file_copy.py): a pipe or a device
    would be copied for ever, so either is refused, in Chinese, before the copy begins."""
    import os
    import stat
    import subprocess
    import sys

    pipe = tmp_path / "pipe.sqlite"
    os.mkfifo(pipe)
    targets = [(pipe, "管道")]
    device = tmp_path / "zero.sqlite"
    try:  # an endless device of our own, in the test's folder
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))
        targets.append((device, "设备"))
    except PermissionError:
        pass
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRANCHBOOK_HOME": str(tmp_path)}
    for path, what in targets:
        result = subprocess.run([sys.executable, "-m", "ui", "--db", str(path), "--self-check"], env=env,
                                cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3
        assert f"自检失败：{path} 是{what}，不是普通文件" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == sorted(p.name for p, _ in targets)


def test_the_log_is_rotated_at_start_once_it_has_grown(tmp_path: Path, monkeypatch) -> None:
    from ui import application

    log = tmp_path / "branchbook.log"
    for suffix, text in (("", "x" * application.LOG_LIMIT), (".1", "一"), (".2", "二"), (".3", "三")):
        log.with_name(log.name + suffix).write_text(text, encoding="utf-8")
    application._rotate(log)
    assert not log.exists()
    kept = [log.with_name(log.name + s).read_text(encoding="utf-8")[:1] for s in (".1", ".2", ".3")]
    assert kept == ["x", "一", "二"]  # the oldest ("三") dropped
    log.write_text("短", encoding="utf-8")
    application._rotate(log)  # small: left as it is
    assert log.read_text(encoding="utf-8") == "短"
    monkeypatch.setattr(application.paths, "data_dir", lambda: tmp_path)
    path = application._setup_logging()
    try:
        application.log.info("启动")
        assert "启动" in path.read_text(encoding="utf-8")
    finally:
        for handler in application.log.handlers[:]:
            handler.close()
            application.log.removeHandler(handler)


def test_the_home_page_claims_nothing_before_its_figures_are_read(qtbot, demo_session) -> None:
    from ui.home.home_page import HomePage

    page = HomePage(demo_session.services, deferred=True)  # as painted first at start-up
    qtbot.addWidget(page)
    page.show()
    from PySide6.QtWidgets import QLabel

    assert "正在读取" in page.title.text()
    shown = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    assert page.stat_members.value.text() == "—" and not any("符合规定" in t for t in shown)  # no "all clear" yet
    page.ensure_loaded()
    members = len(demo_session.services.roster.list(include_left=False))
    assert page.stat_members.value.text() == str(members) and "正在读取" not in page.title.text()
    assert page.all_clear.isVisible() != bool(page.warnings.labels)


_PROBE = """
import enum, sys
created = []
create = enum.EnumType._create_
def recording(cls, name, names, **kw):
    created.append(name)
    return create(cls, name, names, **kw)
enum.EnumType._create_ = recording
class Verdict:
    def __init__(self, out):
        self.out = out
    def write(self, text):
        if "启动自检" in text:
            sys.__stderr__.write("QT-NAMESPACE:%s\\n" % ("AlignmentFlag" in created))
            own = [m for m in sys.modules if m.split(".")[0] in ("app", "db", "ui")]
            sys.__stderr__.write("OWN-MODULES:%d\\n" % len(own))
            sys.__stderr__.write("LOADED:%s\\n" % ",".join(sorted(sys.modules)))
        return self.out.write(text)
    def flush(self):
        self.out.flush()
sys.stdout = Verdict(sys.stdout)
from ui.__main__ import main
sys.exit(main(["--db", sys.argv[1], "--self-check"]))
"""


#: What start-up may load before the window's first paint: the program's own modules (53 today: the
#: core, the home page, the window's frame and its commands; each module imported at the top of the
#: file that uses it; dialogs, pages, the integrity check, the idle lock and the home page's
#: details from the GUI's registry), and none of the libraries that cost
#: tens of milliseconds and are needed only later (dataclasses included: the records made at start
#: are NamedTuples).
START_UP_OWN_MODULES = 56
NOT_BEFORE_THE_FIRST_PAINT = ("reportlab", "openpyxl", "python_calamine", "pypdfium2", "cryptography",
                              "sqlite_utils", "pypinyin", "dataclasses", "sqlite3", "logging.handlers")


def test_the_start_up_import_budget(_demo_year_file: Path) -> None:
    """The import budget of the start, held here rather than by rules on single lines: PySide builds
    the ~95 enums of ``Qt`` on its first use (≈40 ms of a 0.3 s start-up), so nothing before the
    first paint touches it; no heavy library is loaded before it; and the program's own modules
    loaded before it stay within budget (everything else comes from the two registries, the CLI's
    areas and the GUI's pages, or is imported where it is used)."""
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", _PROBE, str(_demo_year_file)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert "QT-NAMESPACE:False" in result.stderr
    own = int(result.stderr.split("OWN-MODULES:")[1].split()[0])
    assert own <= START_UP_OWN_MODULES
    loaded = set(result.stderr.split("LOADED:")[1].split()[0].split(","))
    assert loaded.isdisjoint(NOT_BEFORE_THE_FIRST_PAINT), loaded & set(NOT_BEFORE_THE_FIRST_PAINT)


def test_opening_an_ordinary_file_as_the_program_starts_loads_no_cryptography(_demo_year_file: Path,
                                                                              tmp_path: Path) -> None:
    """The real start (``_open_asking_passphrase``, which the timed self-check does not take) loads
    the passphrase dialog, and with it the key code and the cryptography library, only for an
    encrypted file."""
    import os
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "branch.sqlite"
    shutil.copyfile(_demo_year_file, copy)
    probe = ("import sys\nfrom pathlib import Path\nfrom ui.application import _open_asking_passphrase, make_qapp\n"
             "make_qapp()\n_open_asking_passphrase(Path(sys.argv[1])).close()\n"
             "print('LOADED:%s' % sorted(m for m in ('cryptography', 'app.bundle.keys') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe, str(copy)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert "LOADED:[]" in result.stdout
