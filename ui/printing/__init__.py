"""Printing: the print dialog and the PDF preview."""
