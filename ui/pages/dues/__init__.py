"""党费收缴: the page and one module per tab."""

from ui.pages.dues.page import DuesPage

__all__ = ["DuesPage"]
