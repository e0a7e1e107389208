"""The first-run wizard: creates the branch when the database is empty."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from app.branch.service import BranchService
from app.common.errors import UserError
from app.services import Services
from ui import messages
from ui.branch.branch_form import BranchForm


class _ProfilePage(QWizardPage):
    def __init__(self, service: BranchService, services: Services | None = None) -> None:
        super().__init__()
        self.service = service
        self.services = services
        self.setTitle(self.tr("登记党支部"))
        self.setSubTitle(self.tr("支部全称从上级党委写起，将印在各类台账的封面上。以后可在“支部概况”中修改。"))
        self.form = BranchForm(self)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(
            self.tr("使用本程序的人，如：组织委员 张三（写入操作日志，可在“文件”菜单中修改）"))
        operator_row = QFormLayout()
        operator_row.addRow(self.tr("操作人"), self.operator)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(operator_row)

    def validatePage(self) -> bool:
        branch = self.form.validated_value(self.service.validate)
        if branch is None:
            return False
        try:
            self.service.save(branch)
            if self.services is not None and self.operator.text().strip():
                self.services.integrity.set_operator(self.operator.text())
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
        self.profile = _ProfilePage(services.branch, services)
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
