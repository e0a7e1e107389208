"""Printing the year's books as A4 PDF (reportlab): the 工作记录, the 考察表, the dues register
and its publication, the roster, one meeting, blank continuation pages."""
