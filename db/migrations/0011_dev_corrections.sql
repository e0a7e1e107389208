-- BranchBook schema v11: a development step recorded wrongly can be corrected (the old row is
-- kept here with the reason) or, when it is the latest, withdrawn; a case can be ended with a
-- reason and a date.

CREATE TABLE dev_step_revision (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES dev_person(id),
    step_no     INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('更正', '撤回')),
    old_step    TEXT NOT NULL,              -- JSON: the step row as it was
    new_done_on TEXT,                       -- for a correction: the corrected date
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at          TEXT NOT NULL
);
CREATE INDEX dev_step_revision_person ON dev_step_revision(person_id);

ALTER TABLE dev_person ADD COLUMN ended_on TEXT;
ALTER TABLE dev_person ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
