"""党费收缴: the page (page.py), one module per tab, the model and the dialogs."""
