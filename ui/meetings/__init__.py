"""党支部工作记录: the record list, its model, and the record editor (record/)."""
