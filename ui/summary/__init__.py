"""The year's plan and summary."""
