-- BranchBook schema v7: 督办通知 received from the committee. Each item is a to-do until marked
-- 已整改 with a note; the status travels back in the next bundle's summary.

CREATE TABLE notice (
    id              INTEGER PRIMARY KEY,
    notice_id       TEXT NOT NULL UNIQUE,
    committee       TEXT NOT NULL,
    committee_fp    TEXT NOT NULL,
    year            INTEGER NOT NULL,
    created         TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    raw             BLOB NOT NULL           -- the signed file as received
);

CREATE TABLE notice_item (
    id          INTEGER PRIMARY KEY,
    notice      INTEGER NOT NULL REFERENCES notice (id),
    no          INTEGER NOT NULL,
    problem     TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT '待整改' CHECK (status IN ('待整改', '已整改')),
    note        TEXT NOT NULL DEFAULT '',
    done_on     TEXT,
    UNIQUE (notice, no)
);

CREATE TRIGGER notice_no_change BEFORE UPDATE ON notice
BEGIN SELECT RAISE(ABORT, 'a received notice is not changed'); END;
CREATE TRIGGER notice_no_delete BEFORE DELETE ON notice
BEGIN SELECT RAISE(ABORT, 'a received notice is not deleted'); END;
