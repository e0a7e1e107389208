-- BranchBook schema v2: the branch work record (党支部工作记录): meetings of every kind with
-- agenda, speeches, attendance, observers, votes; the 组织生活会 procedure and rectification
-- list; 民主评议 grades; attachments; corrections; full-text search.
-- A signed-off meeting (locked = 1) cannot be changed except by a correction, which unlocks,
-- rewrites and relocks it inside one transaction after saving the previous version.

CREATE TABLE meeting (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('支委会', '支部党员大会', '党小组会', '党课',
                       '主题党日', '组织生活会', '民主评议党员', '谈心谈话', '其他')),
    title          TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL,
    start_time     TEXT NOT NULL DEFAULT '',
    end_time       TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    group_id       INTEGER REFERENCES party_group(id),
    host           TEXT NOT NULL DEFAULT '',
    recorder       TEXT NOT NULL DEFAULT '',
    speaker        TEXT NOT NULL DEFAULT '',          -- 党课: who gave it
    speaker_member_id INTEGER REFERENCES member(id),
    lecture_title  TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL DEFAULT '',
    resolutions    TEXT NOT NULL DEFAULT '',
    also_counts    TEXT NOT NULL DEFAULT '[]',        -- JSON list of other kinds this meeting fulfils
    status         TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿', '已签发')),
    locked         INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    signed_at      TEXT,
    signed_by      TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (kind != '党小组会' OR group_id IS NOT NULL)
);
CREATE INDEX meeting_date ON meeting(date);
CREATE INDEX meeting_kind ON meeting(kind, date);

CREATE TABLE meeting_agenda (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    item       TEXT NOT NULL
);
CREATE INDEX meeting_agenda_meeting ON meeting_agenda(meeting_id);

CREATE TABLE meeting_speech (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    speaker    TEXT NOT NULL,
    points     TEXT NOT NULL
);
CREATE INDEX meeting_speech_meeting ON meeting_speech(meeting_id);

-- One row per person due to attend (应到), with the class they had that day.
CREATE TABLE meeting_attendance (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member(id),
    member_class  TEXT NOT NULL CHECK (member_class IN ('正式', '预备')),
    present       INTEGER NOT NULL CHECK (present IN (0, 1)),
    absence_reason TEXT CHECK (absence_reason IN ('病假', '事假', '公出', '其他')),
    absence_note  TEXT NOT NULL DEFAULT '',
    as_ordinary_member INTEGER NOT NULL DEFAULT 0 CHECK (as_ordinary_member IN (0, 1)),
    UNIQUE (meeting_id, member_id),
    CHECK (present = 1 OR absence_reason IS NOT NULL)
);
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id);

CREATE TABLE meeting_observer (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meeting_vote (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    subject         TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('举手', '无记名投票')),
    yes             INTEGER NOT NULL DEFAULT 0 CHECK (yes >= 0),
    no              INTEGER NOT NULL DEFAULT 0 CHECK (no >= 0),
    abstain         INTEGER NOT NULL DEFAULT 0 CHECK (abstain >= 0),
    written_yes     INTEGER NOT NULL DEFAULT 0 CHECK (written_yes >= 0),
    written_no      INTEGER NOT NULL DEFAULT 0 CHECK (written_no >= 0),
    written_abstain INTEGER NOT NULL DEFAULT 0 CHECK (written_abstain >= 0)
);

-- 民主评议党员: a grade per member; 预备党员 take part without a grade (grade NULL).
CREATE TABLE evaluation_grade (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    grade      TEXT CHECK (grade IN ('优秀', '合格', '基本合格', '不合格')),
    note       TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, member_id)
);

-- 组织生活会 procedure (rulebook 2.3): a date per step. Steps after the meeting are filled in
-- later, so these rows stay editable after sign-off.
CREATE TABLE life_meeting_step (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    step       TEXT NOT NULL,
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, step)
);

-- 整改清单: tracked until done, also after sign-off.
CREATE TABLE rectification_item (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    due_on     TEXT,
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meeting_attachment (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    filename   TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    added_at   TEXT NOT NULL
);

-- The version of a signed-off record before each correction (更正): who, when, why.
CREATE TABLE meeting_revision (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    revised_at TEXT NOT NULL,
    revised_by TEXT NOT NULL,
    reason     TEXT NOT NULL,
    snapshot   TEXT NOT NULL
);

-- Search: the record's words in one row, indexed by trigrams (FTS5) for terms of 3+ characters;
-- shorter Chinese terms (整改) are matched with instr() on the same text.
CREATE TABLE meeting_search (
    meeting_id INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
    body       TEXT NOT NULL
);
CREATE VIRTUAL TABLE meeting_fts USING fts5(
    body, content='meeting_search', content_rowid='meeting_id', tokenize='trigram'
);
CREATE TRIGGER meeting_search_ai AFTER INSERT ON meeting_search BEGIN
    INSERT INTO meeting_fts(rowid, body) VALUES (new.meeting_id, new.body);
END;
CREATE TRIGGER meeting_search_ad AFTER DELETE ON meeting_search BEGIN
    INSERT INTO meeting_fts(meeting_fts, rowid, body) VALUES ('delete', old.meeting_id, old.body);
END;
CREATE TRIGGER meeting_search_au AFTER UPDATE ON meeting_search BEGIN
    INSERT INTO meeting_fts(meeting_fts, rowid, body) VALUES ('delete', old.meeting_id, old.body);
    INSERT INTO meeting_fts(rowid, body) VALUES (new.meeting_id, new.body);
END;

-- The lock, enforced by the database itself.
CREATE TRIGGER meeting_locked_update BEFORE UPDATE ON meeting
WHEN OLD.locked = 1 AND NEW.locked = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_locked_delete BEFORE DELETE ON meeting
WHEN OLD.status = '已签发'
BEGIN SELECT RAISE(ABORT, '已签发的记录不能删除'); END;
CREATE TRIGGER meeting_agenda_locked_insert BEFORE INSERT ON meeting_agenda
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_agenda_locked_update BEFORE UPDATE ON meeting_agenda
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_agenda_locked_delete BEFORE DELETE ON meeting_agenda
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_speech_locked_insert BEFORE INSERT ON meeting_speech
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_speech_locked_update BEFORE UPDATE ON meeting_speech
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_speech_locked_delete BEFORE DELETE ON meeting_speech
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_attendance_locked_insert BEFORE INSERT ON meeting_attendance
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_attendance_locked_update BEFORE UPDATE ON meeting_attendance
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_attendance_locked_delete BEFORE DELETE ON meeting_attendance
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_observer_locked_insert BEFORE INSERT ON meeting_observer
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_observer_locked_update BEFORE UPDATE ON meeting_observer
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_observer_locked_delete BEFORE DELETE ON meeting_observer
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_vote_locked_insert BEFORE INSERT ON meeting_vote
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_vote_locked_update BEFORE UPDATE ON meeting_vote
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_vote_locked_delete BEFORE DELETE ON meeting_vote
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER evaluation_grade_locked_insert BEFORE INSERT ON evaluation_grade
WHEN (SELECT locked FROM meeting WHERE id = NEW.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER evaluation_grade_locked_update BEFORE UPDATE ON evaluation_grade
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER evaluation_grade_locked_delete BEFORE DELETE ON evaluation_grade
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '该记录已签发，只能以“更正”方式修改'); END;
CREATE TRIGGER meeting_attachment_locked_delete BEFORE DELETE ON meeting_attachment
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '已签发记录的附件不能删除'); END;
CREATE TRIGGER rectification_locked_delete BEFORE DELETE ON rectification_item
WHEN (SELECT locked FROM meeting WHERE id = OLD.meeting_id) = 1
BEGIN SELECT RAISE(ABORT, '已签发记录的整改事项不能删除，请填写完成情况'); END;
