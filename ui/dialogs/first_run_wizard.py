"""The first-run wizard: creates the branch when the database is empty."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from app.branch.service import BranchService
from app.common.errors import UserError
from app.services import Services
from ui import messages
from ui.widgets.branch_form import BranchForm


class _ProfilePage(QWizardPage):
    def __init__(self, service: BranchService) -> None:
        super().__init__()
        self.service = service
        self.setTitle(self.tr("登记党支部"))
        self.setSubTitle(self.tr("支部全称从上级党委写起，将印在各类台账的封面上。以后可在“支部概况”中修改。"))
        self.form = BranchForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        branch = self.form.validated_value(self.service.validate)
        if branch is None:
            return False
        try:
            self.service.save(branch)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        return True


class FirstRunWizard(QWizard):
    """Use :meth:`ask`; the branch is saved when the wizard finishes."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("欢迎使用支部台账"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        intro = QWizardPage()
        intro.setTitle(self.tr("欢迎使用支部台账"))
        text = QLabel(self.tr(
            "支部台账帮助党支部书记在本机离线记录支部的法定台账：党员名册、三会一课、发展党员、党费收缴，"
            "打印标准台账，并向上级党委报送加密的年度数据包。\n\n"
            "数据只保存在这台电脑上的一个文件中，每次升级或导入前都会自动备份。\n\n"
            "首先登记本党支部的基本情况。"))
        text.setWordWrap(True)
        QVBoxLayout(intro).addWidget(text)
        self.addPage(intro)
        self.profile = _ProfilePage(services.branch)
        self.addPage(self.profile)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.resize(640, 520)

    @classmethod
    def ask(cls, parent: QWidget | None, services: Services) -> bool:
        """True when the branch was created."""
        wizard = cls(parent, services)
        return wizard.exec() == QWizard.DialogCode.Accepted and services.branch.exists()
