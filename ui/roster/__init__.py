"""党员名册: the roster page, its model, the member, leave and import dialogs."""
