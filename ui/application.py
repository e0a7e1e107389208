"""The GUI composition root: QApplication, translators, font, database, main window."""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow

from app import __version__
from app.common import paths
from app.session import Session
from db.errors import StorageError
from ui import fonts

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("branchbook")


def make_qapp() -> QApplication:
    """The QApplication with Chinese Qt dialogs and the bundled CJK font as fallback."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("BranchBook")
    app.setOrganizationName("BranchBook")
    app.setApplicationDisplayName("支部台账")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(translator)
    fonts.install_fallback(app)
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
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless by design
        return startup_check(Path(opts.db)) if opts.db else self_check()
    app = make_qapp()
    log_path = _setup_logging()
    _install_excepthook(log_path)
    if opts.committee:
        return _run_committee(app, opts.db)
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
        try:
            if demo:
                from app.demo import fill_demo

                fill_demo(session.services)
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
                import shutil

                shutil.rmtree(db_path.parent, ignore_errors=True)
        if not next_db:
            return code
        previous = db_path if not demo else (Path(opts.db) if opts.db else paths.default_db_path())
        db_path, demo, first = Path(next_db), False, False


def _open_asking_passphrase(path: Path) -> Session:
    """The session; an encrypted file asks for its passphrase (again after a wrong one) until it
    opens or the user cancels (then PassphraseRequired goes up like any refusal)."""
    from db.errors import PassphraseRequired, WrongPassphrase

    passphrase, prompt = None, QApplication.translate("app", "数据库“{f}”已加密，请输入口令：").format(f=path.name)
    while True:
        try:
            return Session.open(path, passphrase=passphrase)
        except (PassphraseRequired, WrongPassphrase) as exc:
            # here, not at the top: the dialog's module loads the key code and the cryptography
            # library (40–70 ms), which an ordinary file's start does not need
            from ui.bundle.key_dialogs import ask_passphrase

            if isinstance(exc, WrongPassphrase):
                prompt = QApplication.translate("app", "口令不对，请重新输入“{f}”的口令：").format(f=path.name)
            passphrase = ask_passphrase(None, QApplication.translate("app", "打开加密的数据库"), prompt)
            if passphrase is None:
                raise PassphraseRequired(str(path), "没有输入口令，数据库未打开") from None


def _run_committee(app: QApplication, db: str | None) -> int:
    """The committee's window on its file (created, with its keys, on first use)."""
    from app.committee.session import CommitteeSession
    from ui.committee.dialogs import InitDialog
    from ui.committee.window import CommitteeWindow

    path = Path(db) if db else paths.data_dir() / "党委报送接收.sqlite"
    fonts.load_rare_font()  # the committee's window lists branch names from the start
    try:
        session = CommitteeSession.open(path)
    except StorageError as exc:
        QtWidgets.QMessageBox.critical(None, "无法打开数据库", exc.user_message())
        return 3
    try:
        if session.services.info()["name"] is None and not InitDialog(None, session.services).exec():
            return 0
        window = CommitteeWindow(session)
        window.show()
        return app.exec()
    finally:
        session.close()


def _start(session: Session, demo: bool) -> QMainWindow | None:
    from ui.branch.first_run_wizard import FirstRunWizard
    from ui.main_window import MainWindow

    if session.services.branch_name() is None:  # a new file: the wizard asks for names at once
        fonts.load_rare_font()
        if not FirstRunWizard.ask(None, session.services):
            return None
    return MainWindow(session, demo=demo)


def _check_after_first_paint(app: QApplication, window: MainWindow) -> list[str]:
    """What the main window makes just after its first paint is there (the menus' actions, the
    idle lock, the integrity check): their modules are in the build."""
    import time

    deadline = time.monotonic() + 10
    while not window._painted and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    if not window._painted:
        return ["主窗口显示后没有完成启动（菜单、空闲锁定、完整性核验）"]
    if not any(isinstance(menu := action.menu(), QtWidgets.QMenu) and menu.actions()
               for action in window.menuBar().actions()):
        return ["菜单为空"]
    if window.watch.checker is None or not window.idle_lock.timer.isActive():
        return ["完整性核验或空闲锁定没有在窗口显示后启动"]
    return []


def _check_printing(session: Session) -> list[str]:
    """The year's work record builds with the fonts embedded, and the preview can render it."""
    from ui.printing.pdf_preview import PdfPreview

    try:
        data = session.services.printing.workbook(session.clock.year() - 1)
        preview = PdfPreview(None, data, "自检", "check.pdf")
        shown = preview.count >= 10 and not preview.view.pixmap().isNull()
        preview.release()
        if not shown:
            return ["打印预览无法显示"]
        if b"/FontFile2" not in data:
            return ["打印的 PDF 没有嵌入字体"]
    except Exception as exc:  # noqa: BLE001 - the self-check reports, it never raises
        return [f"打印失败：{exc}"]
    return []


def _check_bundle(session: Session, folder: Path) -> list[str]:
    """Three bundles sealed to a committee made here are received by it in worker processes
    (so the frozen app proves it can start them), graded, and the newest one kept."""
    from app.committee import receive
    from app.committee.session import CommitteeSession

    try:
        service = session.services.bundle
        service.init_key("self-check-passphrase")
        service.set_setting("bundle.branch_code", "CHECK")
        with CommitteeSession.open(folder / "committee.sqlite", session.clock) as cs:
            committee = cs.services
            committee.init("自检", "self-check-passphrase")
            public = committee.public_key()
            service.import_committee_key(public, public.fingerprint)
            committee.enroll("CHECK", "自检支部", service._require_key().fingerprint)
            bundles = folder / "bundles"
            bundles.mkdir()
            for _ in range(3):
                service.export(session.clock.year() - 1, bundles, "self-check-passphrase")
            results = receive.run(committee, [bundles], committee.unlock("self-check-passphrase"), workers=2)
            if [r["outcome"] for r in results].count(receive.REFUSED) or len(results) != 3:
                return ["报送包接收自检失败：" + "；".join(r.get("reason", "") for r in results)]
            if (committee.grade("CHECK", session.clock.year() - 1).bundle or {}).get("seq") != 3:
                return ["报送包接收自检失败：没有保留最新的一版"]
    except Exception as exc:  # noqa: BLE001 - the self-check reports, it never raises
        return [f"报送包自检失败：{exc}"]
    return []


def _check_encryption(path: Path) -> list[str]:
    """SQLCipher is in the program: the file encrypts, needs its passphrase, and reads back."""
    from app.integrity import encryption
    from db.connection import forget_passphrases
    from db.errors import PassphraseRequired

    try:
        with Session.open(path) as session:
            members = session.conn.execute("SELECT count(*) FROM member").fetchone()[0]
            encryption.change(session, "self-check-passphrase")
        forget_passphrases()
        try:
            Session.open(path).close()
            return ["加密后的数据库不需口令即可打开"]
        except PassphraseRequired:
            pass
        with Session.open(path, passphrase="self-check-passphrase") as session:
            if session.conn.execute("SELECT count(*) FROM member").fetchone()[0] != members:
                return ["加密后的数据库内容不一致"]
    except Exception as exc:  # noqa: BLE001 - the self-check reports, it never raises
        return [f"数据库加密自检失败：{exc}"]
    return []


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


def startup_check(db: Path) -> int:
    """Open a copy of ``db`` as a user would, paint the main window once, and exit: start-up on a
    real file can be timed from outside (``branchbook --db FILE --self-check``). The verdict is
    printed (and flushed) at the first paint, before the window, the file and the copy are let go,
    so a benchmark can time the start-up to that line."""
    import shutil
    import threading

    with tempfile.TemporaryDirectory(prefix="branchbook-start-") as tmp:
        copy = Path(tmp) / db.name
        copied: list[OSError] = []

        def copy_file() -> None:  # the copy is the check's own cost: made while Qt starts
            try:
                shutil.copyfile(db, copy)
            except OSError as exc:
                copied.append(exc)

        copier = threading.Thread(target=copy_file)
        copier.start()
        from PySide6.QtCore import QEventLoop

        from ui.main_window import MainWindow

        app = make_qapp()
        copier.join()
        try:
            if copied:
                raise copied[0]
            session = Session.open(copy)
        except (OSError, StorageError) as exc:
            message = exc.user_message() if isinstance(exc, StorageError) else f"无法读取 {db}：{exc}"
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
    del app
    return 0 if painted.seen else 1


def self_check() -> int:
    """Open a fresh temporary database, build the main window offscreen, and exit 0."""
    app = make_qapp()
    from app.demo import fill_demo
    from ui.main_window import MainWindow

    problems: list[str] = []
    if not fonts.register_bundled_font():
        problems.append(f"无法加载内置字体 {paths.font_path()}")
    with tempfile.TemporaryDirectory(prefix="branchbook-check-") as tmp:
        session = Session.open(Path(tmp) / "check.sqlite")
        try:
            fill_demo(session.services)
            window = MainWindow(session, demo=True, remember_geometry=False)
            window.show()  # not app.exec() and quit(): Qt's quit closes every window
            problems += _check_after_first_paint(app, window)
            for page in window.pages():
                window.show_page(page)
                app.processEvents()
            if window.grab().isNull():
                problems.append("主窗口无法绘制")
            window.close()
            exported = Path(tmp) / "roster.xlsx"
            count = session.services.roster_excel.export(exported)
            preview = session.services.roster_excel.read(exported, update_existing=True)
            if preview.problems or len(preview.rows) != count:
                problems.append("名册导出后无法重新读入")
            problems += _check_printing(session)
            problems += _check_bundle(session, Path(tmp))
            from app.common import pinyin

            if not pinyin.matches("zs", "张三") or not pinyin.matches("shanxiong", "单雄"):
                problems.append("拼音检索不可用")
            if not session.services.integrity.verify(remember=False).intact:
                problems.append("演示数据的完整性核验不通过")
        finally:
            session.close()
        problems += _check_encryption(Path(tmp) / "check.sqlite")
    if problems:
        print("自检失败：" + "；".join(problems), file=sys.stderr)
        return 1
    print(f"BranchBook {__version__} 自检通过")
    return 0
