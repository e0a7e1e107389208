"""Helpers shared by every area: dates, months, money, ID numbers, settings, errors, the clock."""
