-- The committee's file (application_id "BBC1"): its keys, the branches it enrolled, the bundles
-- it received with what was computed from them, its grading settings and judged scores, the
-- notices it sent, and a log of every ingest attempt.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE change_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    reason      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE committee (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One row per key epoch; old epochs stay to open older bundles.
CREATE TABLE committee_key (
    id              INTEGER PRIMARY KEY,
    epoch           INTEGER NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    kem_public      BLOB NOT NULL,          -- ML-KEM-768 public ‖ X25519 public
    sign_public     BLOB NOT NULL CHECK (length(sign_public) = 32),
    fingerprint     TEXT NOT NULL UNIQUE,   -- of kem_public ‖ sign_public (what branches compare)
    sealed_private  BLOB NOT NULL,          -- ML-KEM seed ‖ X25519 ‖ Ed25519 private, sealed
    kdf             TEXT NOT NULL,
    retired_at      TEXT
);

CREATE TABLE branch (
    id          INTEGER PRIMARY KEY,
    branch_id   TEXT NOT NULL UNIQUE,       -- the code the committee gave the branch
    name        TEXT NOT NULL,
    parent_unit TEXT NOT NULL DEFAULT '',
    secretary   TEXT NOT NULL DEFAULT '',
    enrolled_at TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT ''
);

-- Every key a branch has had: the current one has replaced_at NULL.
CREATE TABLE enrollment (
    id              INTEGER PRIMARY KEY,
    branch          INTEGER NOT NULL REFERENCES branch (id),
    fingerprint     TEXT NOT NULL,          -- as enrolled: 32 (printed groups) to 64 hex digits
    public_key      BLOB,                   -- learned from the first bundle it signed
    enrolled_at     TEXT NOT NULL,
    via             TEXT NOT NULL,          -- 登记表 / 更换声明 / Excel
    replaced_at     TEXT
);
CREATE INDEX enrollment_fp ON enrollment (fingerprint);
CREATE UNIQUE INDEX enrollment_one_current ON enrollment (branch) WHERE replaced_at IS NULL;

CREATE TABLE bundle (
    id              INTEGER PRIMARY KEY,
    branch          INTEGER NOT NULL REFERENCES branch (id),
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    file_sha256     TEXT NOT NULL UNIQUE,
    file_name       TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    created         TEXT NOT NULL,
    header          TEXT NOT NULL,          -- JSON
    warnings        TEXT NOT NULL DEFAULT '[]',
    summary         TEXT NOT NULL,          -- summary.json as sent
    metrics         TEXT NOT NULL,          -- what was computed from the records (JSON)
    score           REAL NOT NULL,
    deductions      TEXT NOT NULL,          -- JSON list of {area, points, reason, evidence}
    superseded_by   INTEGER REFERENCES bundle (id),
    archive_path    TEXT NOT NULL DEFAULT '',
    UNIQUE (branch, year, seq)
);
CREATE INDEX bundle_current ON bundle (year, branch) WHERE superseded_by IS NULL;

CREATE TABLE judged (
    branch      INTEGER NOT NULL REFERENCES branch (id),
    year        INTEGER NOT NULL,
    points      REAL NOT NULL CHECK (points BETWEEN 0 AND 100),
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (branch, year)
);

CREATE TABLE notice (
    id          INTEGER PRIMARY KEY,
    branch      INTEGER NOT NULL REFERENCES branch (id),
    year        INTEGER NOT NULL,
    notice_id   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    items       TEXT NOT NULL,              -- JSON
    file_sha256 TEXT NOT NULL,
    closed_at   TEXT
);

CREATE TABLE ingest_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    outcome     TEXT NOT NULL,              -- 已接收 / 已替代旧版 / 重复 / 拒收
    code        TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    branch      INTEGER REFERENCES branch (id),
    bundle      INTEGER REFERENCES bundle (id)
);
