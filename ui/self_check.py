"""``branchbook --self-check``: what the frozen app must be able to do, tried on a fresh demo file
offscreen — the window and every page, the menus made after the first paint, the roster's Excel
round trip, a printed book and its preview, bundles received by a committee in worker processes,
pinyin search, encryption. ``make app-check`` runs it on the built app."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtWidgets import QApplication

from app import __version__
from app.committee import receive
from app.committee.session import CommitteeSession
from app.common import paths, pinyin
from app.demo import fill_demo
from app.integrity import encryption
from app.session import Session
from db.connection import forget_passphrases
from db.errors import PassphraseRequired
from ui import fonts
from ui.application import make_qapp
from ui.main_window import MainWindow
from ui.printing.pdf_preview import PdfPreview


def _check_after_first_paint(app: QApplication, window: MainWindow) -> list[str]:
    """What the main window makes just after its first paint is there (the menus' actions, the
    idle lock, the integrity check): their modules are in the build."""
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
            if getattr(committee.grade("CHECK", session.clock.year() - 1).bundle, "seq", None) != 3:
                return ["报送包接收自检失败：没有保留最新的一版"]
    except Exception as exc:  # noqa: BLE001 - the self-check reports, it never raises
        return [f"报送包自检失败：{exc}"]
    return []


def _check_encryption(path: Path) -> list[str]:
    """SQLCipher is in the program: the file encrypts, needs its passphrase, and reads back."""
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




def self_check() -> int:
    """Open a fresh temporary database, build the main window offscreen, and exit 0."""
    app = make_qapp()

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
