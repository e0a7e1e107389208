"""The GUI composition root: QApplication, translators, font, database, main window."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6 import QtWidgets
from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from app import __version__
from app.common import paths
from app.common.errors import UserError
from app.session import Session
from db.errors import PassphraseRequired, StorageError, WrongPassphrase
from ui import fonts, registry
from ui.file_copy import FileCopy
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.branch.first_run_wizard import FirstRunWizard

log = logging.getLogger("branchbook")


class _QtGaps(QTranslator):
    """Chinese for what Qt's own zh_CN translation leaves in English (the file dialog's labels and
    its folder type); anything else goes on to Qt's translation (None: not ours)."""

    WORDS: ClassVar[dict[tuple[str, str], str]] = {
             ("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
             ("QFileDialog", "Look in:"): "查找范围：", ("QFileDialog", "Files of type:"): "文件类型：",
             ("QAbstractFileIconProvider", "Folder"): "文件夹", ("QAbstractFileIconProvider", "Drive"): "驱动器",
             ("QAbstractFileIconProvider", "File"): "文件"}

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return self.WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


#: The application's property saying its translators are installed.
_TRANSLATED = "branchbookTranslated"


def make_qapp() -> QApplication:
    """The QApplication with Chinese Qt dialogs and the bundled CJK font as fallback."""
    chinese = any(os.environ.get(k, "").startswith("zh") for k in ("LC_ALL", "LC_TIME"))
    if QApplication.instance() is None and not chinese:
        os.environ["LC_TIME"] = "zh_CN.UTF-8"  # the file dialog's dates as 2026/12/7 on an English machine
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("BranchBook")
    app.setOrganizationName("BranchBook")
    app.setApplicationDisplayName("支部台账")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    # once per application (tests make it again and again); a property, not findChildren(_QtGaps),
    # which cost 12 ms of every start (PySide's signature machinery loaded for a Python type)
    if not app.property(_TRANSLATED):
        translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(translator)
        app.installTranslator(_QtGaps(app))  # consulted first, before Qt's own
        app.setProperty(_TRANSLATED, True)
    fonts.install_fallback(app)
    if app.windowIcon().isNull():
        icon = QIcon()
        for size in (16, 32, 48, 64, 128, 256):
            icon.addFile(str(paths.resource_dir() / "icons" / f"branchbook-{size}.png"))
        app.setWindowIcon(icon)  # the title bar and the task bar, as the desktop entry's icon
    # Tab leaves every multi-line box: each is a ui.common.plain_text.PlainTextEdit (a test keeps
    # it so). Not an application-wide event filter (Python for every event of every widget, and
    # PySide builds the enums of every object it is shown) nor an application style sheet (every
    # widget then goes through the style-sheet style: the main window builds and paints 40 % slower).
    return app


#: The log is kept to about this size, with three older files beside it.
LOG_LIMIT, LOG_KEEP = 1_000_000, 3


def _setup_logging() -> Path:
    """The program's log in the user data folder. It is rotated when the program starts (a session
    writes a few lines), so logging.handlers — which loads sockets and pickle — is not needed."""
    folder = paths.data_dir() / "logs"
    path = folder / "branchbook.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _rotate(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _rotate(path: Path) -> None:
    """branchbook.log → .1 → .2 → .3 (the oldest dropped) once it has grown past LOG_LIMIT."""
    if not path.exists() or path.stat().st_size < LOG_LIMIT:
        return
    for n in range(LOG_KEEP - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def _install_excepthook(log_path: Path) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("未处理的错误：\n%s", text)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, "程序出错",
                                    "支部台账遇到了一个内部错误，刚才的操作可能没有完成。\n"
                                    f"数据已保存的部分不受影响。详细信息已写入日志：\n{log_path}")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def run_gui(opts: SimpleNamespace) -> int:
    """The window for the options ui.__main__ read (``db``, ``demo``, ``self_check``, ``committee``)."""
    if opts.self_check:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless by design
        return startup_check(Path(opts.db), getattr(opts, "copy", None)) if opts.db \
            else int(registry.load("self_check")())
    app = make_qapp()
    log_path = _setup_logging()
    _install_excepthook(log_path)
    previous = qInstallMessageHandler(_qt_message)
    before = set(QApplication.topLevelWidgets())
    try:
        if opts.committee:
            return int(registry.load("committee")(app, opts.db))
        return _run_branch(app, opts)
    finally:
        dispose_windows(before)
        # Qt's own again before Python's exit: no Python handler runs while the interpreter ends
        qInstallMessageHandler(previous)


#: Qt's warnings whose cause is worth the Python stack that led to them (written to the log).
_TRACED = ("deleted directly", "already deleted")


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages to the terminal as Qt prints them; one of :data:`_TRACED` also to the log,
    with the Python calls that led to it (one was reported on exit and never seen here)."""
    del mode, context
    with contextlib.suppress(Exception):  # a message handler must never raise
        sys.stderr.write(message + "\n")
        if any(text in message for text in _TRACED):
            windows = ", ".join(type(w).__name__ for w in QApplication.topLevelWidgets())
            logging.getLogger("branchbook").warning("Qt：%s\n窗口：%s\n%s", message, windows,
                                                    "".join(traceback.format_stack()))


def dispose_windows(keep: set[QWidget] | frozenset[QWidget] = frozenset()) -> None:
    """Delete every window made since ``keep`` was taken (the main window, dialogs kept for reuse)
    while the QApplication still exists. Left to Python's exit, they would go in no particular
    order after it, which PySide6 reports as "QObject: shared QObject was deleted directly" (and
    may crash on)."""
    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None and widget not in keep:
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _run_branch(app: QApplication, opts: SimpleNamespace) -> int:
    """The branch's window, on one file after another (文件 → 打开其他数据库)."""
    demo = bool(opts.demo)
    if demo:
        tmp = Path(tempfile.mkdtemp(prefix="branchbook-demo-"))
        db_path = tmp / "演示支部.sqlite"
    else:
        db_path = Path(opts.db) if opts.db else paths.default_db_path()
    first, previous = True, db_path
    while True:  # 文件 → 打开其他数据库 closes this window and comes round again with the next file
        try:
            session = _open_asking_passphrase(db_path)
        except StorageError as exc:
            QtWidgets.QMessageBox.critical(None, "无法打开数据库", exc.user_message())
            if first:
                return 3
            db_path, first = previous, True  # the other file could not be used: back to the one before
            continue
        next_db = None
        windows = set(QApplication.topLevelWidgets())
        try:
            if demo:
                registry.load("demo")(session.services)
            window = _start(session, demo)
            if window is None:
                return 0
            window.show()
            code = app.exec()
            next_db = getattr(window, "next_db", None)
        finally:
            # the GUI backs up on every close after a change (a demo's throw-away file is not kept)
            session.close(auto_backup="never" if demo else "always")
            if demo:
                shutil.rmtree(db_path.parent, ignore_errors=True)
            dispose_windows(windows)  # this file's window goes before the next file's opens
        if not next_db:
            return code
        previous = db_path if not demo else (Path(opts.db) if opts.db else paths.default_db_path())
        db_path, demo, first = Path(next_db), False, False


def _open_asking_passphrase(path: Path) -> Session:
    """The session; an encrypted file asks for its passphrase (again after a wrong one) until it
    opens or the user cancels (then PassphraseRequired goes up like any refusal)."""
    passphrase, prompt = None, QApplication.translate("app", "数据库“{f}”已加密，请输入口令：").format(f=path.name)
    while True:
        try:
            return Session.open(path, passphrase=passphrase)
        except (PassphraseRequired, WrongPassphrase) as exc:
            # from the registry: the dialog's module loads the key code and the cryptography
            # library (40–70 ms), which an ordinary file's start does not need
            ask_passphrase: Callable[[QWidget | None, str, str], str | None] = registry.load("passphrase")
            if isinstance(exc, WrongPassphrase):
                prompt = QApplication.translate("app", "口令不对，请重新输入“{f}”的口令：").format(f=path.name)
            passphrase = ask_passphrase(None, QApplication.translate("app", "打开加密的数据库"), prompt)
            if passphrase is None:
                raise PassphraseRequired(str(path), "没有输入口令，数据库未打开") from None


def _start(session: Session, demo: bool) -> QMainWindow | None:
    if session.services.branch_name() is None:  # a new file: the wizard asks for names at once
        fonts.load_rare_font()
        wizard: type[FirstRunWizard] = registry.load("first_run")
        if not wizard.ask(None, session.services):
            return None
    return MainWindow(session, demo=demo)


class _FirstPaint(QObject):
    """Ends ``loop`` at the window's first paint."""

    def __init__(self, loop: Any) -> None:
        super().__init__()
        self.loop = loop
        self.seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.loop.quit)
        return False


def startup_check(db: Path, copy: FileCopy | None = None) -> int:
    """Open a copy of ``db`` as a user would, paint the main window once, and exit: start-up on a
    real file can be timed from outside (``branchbook --db FILE --self-check``). The verdict is
    printed (and flushed) at the first paint, before the window, the file and the copy are let go,
    so a benchmark can time the start-up to that line. ``copy``: the copy, begun as the program
    started (ui/__main__.py), before Python and Qt loaded; made here otherwise."""
    copy = copy or FileCopy(db)  # the copy is the check's own cost: made while Qt starts
    try:
        app = make_qapp()
        try:
            session = Session.open(copy.wait())
        except (UserError, StorageError) as exc:
            message = exc.user_message() if isinstance(exc, StorageError) else exc.message
            print(f"自检失败：{message}", file=sys.stderr)
            return 3
        try:
            window = MainWindow(session, remember_geometry=False)
            loop = QEventLoop()
            painted = _FirstPaint(loop)
            window.installEventFilter(painted)
            window.show()
            QTimer.singleShot(5000, loop.quit)  # never wait longer than this
            loop.exec()
            print(f"BranchBook {__version__} 启动自检{'通过' if painted.seen else '失败'}：{db}", flush=True)
            window.close()
        finally:
            session.close()
    finally:
        copy.cleanup()
    del app
    return 0 if painted.seen else 1
