"""发展党员: the page and its dialogs (dialogs/)."""
