"""支部概况: the branch's page, its form, the committee dialogs, the first run."""
