-- BranchBook schema v4: member development (发展党员): people in the pipeline, the steps they
-- have completed, their 培养联系人 and 入党介绍人, the half-yearly assessment log (考察写实)
-- with amendments, and milestone entries.

CREATE TABLE dev_person (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL CHECK (length(name) > 0),
    gender               TEXT NOT NULL CHECK (gender IN ('男', '女')),
    ethnicity            TEXT NOT NULL DEFAULT '汉族',
    birth_date           TEXT,
    id_number            TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
    native_place         TEXT NOT NULL DEFAULT '',
    education            TEXT NOT NULL DEFAULT '',
    work_unit_post       TEXT NOT NULL DEFAULT '',
    personnel_category   TEXT NOT NULL DEFAULT '在职',
    phone                TEXT NOT NULL DEFAULT '',
    group_id             INTEGER REFERENCES party_group(id),
    application_written  TEXT NOT NULL,
    application_received TEXT NOT NULL,
    rule_version         TEXT NOT NULL DEFAULT '2026' CHECK (rule_version IN ('2014', '2026')),
    activist_since       TEXT,     -- for an activist transferred in: the date first made an activist
    transferred_from     TEXT NOT NULL DEFAULT '',
    expected_leave_on    TEXT,     -- planned departure from the unit (DEV-LEAVE)
    status               TEXT NOT NULL DEFAULT '进行中'
        CHECK (status IN ('进行中', '预备党员', '正式党员', '已终止')),
    outcome              TEXT NOT NULL DEFAULT '',
    member_id            INTEGER REFERENCES member(id),
    notes                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL
);

CREATE TABLE dev_step (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES dev_person(id),
    step_no     INTEGER NOT NULL CHECK (step_no BETWEEN 1 AND 25),
    seq         INTEGER NOT NULL DEFAULT 1,   -- step 23/24 may repeat after an extension
    done_on     TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    document    TEXT NOT NULL DEFAULT '',
    doc_no      TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',  -- step-specific: hours, days, conclusion, outcome …
    meeting_id  INTEGER REFERENCES meeting(id),
    created_at  TEXT NOT NULL,
    UNIQUE (person_id, step_no, seq)
);

CREATE TABLE dev_contact (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES dev_person(id),
    member_id INTEGER NOT NULL REFERENCES member(id),
    role      TEXT NOT NULL CHECK (role IN ('培养联系人', '入党介绍人')),
    from_date TEXT NOT NULL,
    UNIQUE (person_id, member_id, role)
);

CREATE TABLE dev_assessment (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES dev_person(id),
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    self_summary    TEXT NOT NULL DEFAULT '',
    contact_opinion TEXT NOT NULL DEFAULT '',
    contact_author  TEXT NOT NULL DEFAULT '',
    contact_date    TEXT,
    group_opinion   TEXT NOT NULL DEFAULT '',
    group_author    TEXT NOT NULL DEFAULT '',
    group_date      TEXT,
    branch_opinion  TEXT NOT NULL DEFAULT '',
    branch_author   TEXT NOT NULL DEFAULT '',
    branch_date     TEXT,
    signed_by       TEXT NOT NULL DEFAULT '',
    signed_on       TEXT,
    created_at      TEXT NOT NULL,
    CHECK (period_end >= period_start)
);

CREATE TABLE dev_assessment_amendment (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES dev_assessment(id),
    at            TEXT NOT NULL,
    by            TEXT NOT NULL,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0)
);

CREATE TABLE dev_milestone (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES dev_person(id),
    kind         TEXT NOT NULL CHECK (kind IN ('群众座谈', '公示', '政审结论', '培训结业', '支委会决定')),
    date         TEXT NOT NULL,
    end_date     TEXT,
    participants TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

-- A signed assessment entry is read-only; later changes are appended amendments.
CREATE TRIGGER dev_assessment_signed BEFORE UPDATE ON dev_assessment
WHEN OLD.signed_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, '考察写实已由书记签字，不能修改，请追加补充说明'); END;
CREATE TRIGGER dev_assessment_signed_delete BEFORE DELETE ON dev_assessment
WHEN OLD.signed_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, '考察写实已由书记签字，不能删除'); END;
CREATE TRIGGER dev_step_no_update BEFORE UPDATE ON dev_step
BEGIN SELECT RAISE(ABORT, '已办理的步骤不能修改'); END;
