-- BranchBook schema v1: settings, the branch, committee terms, party groups, the member roster
-- with its membership history, and the change log. Dates are ISO strings: 'YYYY-MM-DD', or
-- 'YYYY-MM' where an old paper roster only gives the month. Enumerations are stored as the
-- Chinese terms of the rulebook.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE branch (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind                  TEXT NOT NULL DEFAULT '党支部' CHECK (kind IN ('党支部', '联合党支部')),
    covered_units         TEXT NOT NULL DEFAULT '[]',   -- JSON list, for a joint branch
    supervising_committee TEXT NOT NULL DEFAULT '',
    founded_on            TEXT,
    village_or_community  INTEGER NOT NULL DEFAULT 0 CHECK (village_or_community IN (0, 1)),
    secretary_phone       TEXT NOT NULL DEFAULT '',
    notes                 TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

CREATE TABLE member (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(name) > 0),
    gender             TEXT NOT NULL CHECK (gender IN ('男', '女')),
    ethnicity          TEXT NOT NULL DEFAULT '汉族',
    birth_date         TEXT,
    id_number          TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
    native_place       TEXT NOT NULL DEFAULT '',
    education          TEXT NOT NULL DEFAULT '',
    work_unit_post     TEXT NOT NULL DEFAULT '',
    personnel_category TEXT NOT NULL DEFAULT '在职'
        CHECK (personnel_category IN ('在职', '离退休', '学生', '农民', '下岗失业', '其他')),
    join_date          TEXT NOT NULL,
    full_date          TEXT,
    member_class       TEXT NOT NULL DEFAULT '正式' CHECK (member_class IN ('正式', '预备')),
    is_leader_cadre    INTEGER NOT NULL DEFAULT 0 CHECK (is_leader_cadre IN (0, 1)),
    phone              TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

-- One row per stay in this branch. A member who leaves keeps the row, with its end filled in.
CREATE TABLE membership_period (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    start_date   TEXT NOT NULL,
    start_kind   TEXT NOT NULL CHECK (start_kind IN ('本支部发展', '转入', '建册登记')),
    start_org    TEXT NOT NULL DEFAULT '',
    start_letter TEXT NOT NULL DEFAULT '',
    end_date     TEXT,
    end_kind     TEXT CHECK (end_kind IN ('转出', '出党', '去世', '其他')),
    end_org      TEXT NOT NULL DEFAULT '',
    end_letter   TEXT NOT NULL DEFAULT '',
    end_reason   TEXT NOT NULL DEFAULT '',
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK ((end_date IS NULL) = (end_kind IS NULL))
);
CREATE INDEX membership_period_member ON membership_period(member_id);

CREATE TABLE party_group (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    leader_member_id INTEGER REFERENCES member(id),
    founded_on       TEXT,
    dissolved_on     TEXT,
    sort_order       INTEGER NOT NULL DEFAULT 0
);

-- Which group a member belonged to, and when.
CREATE TABLE group_membership (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES party_group(id),
    member_id  INTEGER NOT NULL REFERENCES member(id),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX group_membership_member ON group_membership(member_id);
CREATE INDEX group_membership_group ON group_membership(group_id);

CREATE TABLE committee_term (
    id                INTEGER PRIMARY KEY,
    election_date     TEXT NOT NULL,
    term_years        INTEGER NOT NULL DEFAULT 3 CHECK (term_years BETWEEN 1 AND 5),
    variance_months   INTEGER NOT NULL DEFAULT 0 CHECK (variance_months BETWEEN -12 AND 12),
    variance_approval TEXT NOT NULL DEFAULT '',
    ended_on          TEXT,
    notes             TEXT NOT NULL DEFAULT ''
);

CREATE TABLE committee_member (
    id         INTEGER PRIMARY KEY,
    term_id    INTEGER NOT NULL REFERENCES committee_term(id),
    member_id  INTEGER NOT NULL REFERENCES member(id),
    role       TEXT NOT NULL CHECK (role IN ('书记', '副书记', '组织委员', '宣传委员', '纪检委员', '委员')),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX committee_member_term ON committee_member(term_id);

-- Every change to a record, with the values before and after: corrections are never silent.
CREATE TABLE change_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
