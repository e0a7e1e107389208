"""先锋岗与双报到: the page and its dialogs."""
