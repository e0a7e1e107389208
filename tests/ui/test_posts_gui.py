"""The 先锋岗与报到 page: setting up a post with its holders, an evaluation, a community report and
a service activity, each shown with the coverage."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.main_window import MainWindow
from ui.posts.posts_page import ActivityDialog, AwardDialog, PostDialog, ReportDialog


def _tick(box, count: int) -> None:
    for i in range(count):
        box.item(i).setCheckState(Qt.CheckState.Checked)


def test_posts_and_community_from_the_page(qtbot, demo_session) -> None:
    services = demo_session.services
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    page = window.posts
    window.show_page(page)
    add = PostDialog(page, services)
    qtbot.addWidget(add)
    assert add.focusWidget() is add.name  # the first field
    add.name.setText("政务服务窗口")
    add.kind.setCurrentText("窗口服务")
    assert "零推诿" in add.commitments.toPlainText()
    _tick(add.holders, 2)
    add.buttons.button(add.buttons.StandardButton.Ok).click()
    page.refresh()
    assert page.post_model.rowCount() == 1 and "在岗党员 2 名" in page.post_cover.text()
    page.post_table.selectRow(0)
    award = AwardDialog(page, services, page._selected_post())
    qtbot.addWidget(award)
    award.title.setCurrentText("示范先锋岗")
    award.buttons.button(award.buttons.StandardButton.Ok).click()
    report = ReportDialog(page, services)
    qtbot.addWidget(report)
    report.community.setText("幸福里社区党委")
    report.buttons.button(report.buttons.StandardButton.Ok).click()
    act = ActivityDialog(page, services)
    qtbot.addWidget(act)
    act.community.setText("幸福里社区党委")
    act.what.setText("垃圾分类宣传")
    act.hours.setText("abc")
    _tick(act.people, 3)
    act.buttons.button(act.buttons.StandardButton.Ok).click()
    assert "服务时长" in act.error.text()  # refused, in words, nothing written
    act.hours.setText("2.5")
    act.buttons.button(act.buttons.StandardButton.Ok).click()
    page.refresh()
    assert "示范先锋岗" in page.post_model.index(0, 5).data()
    assert page.report_model.rowCount() == 1 and page.activity_model.rowCount() == 1
    assert "累计 7.5 小时" in page.com_cover.text()
    window.close()
