-- BranchBook schema v6: the annual submission bundle. The branch's signing key (its private half
-- only ever stored encrypted under the secretary's passphrase), the committee's public keys, the
-- statements that rotate the branch key, the bundles exported, and the year's checklist choices.

CREATE TABLE branch_key (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    algorithm       TEXT NOT NULL DEFAULT 'Ed25519',
    public_key      BLOB NOT NULL CHECK (length(public_key) = 32),
    fingerprint     TEXT NOT NULL UNIQUE,
    -- ChaCha20-Poly1305 of the 32-byte private key under scrypt(passphrase): never in clear.
    sealed_private  BLOB NOT NULL,
    kdf             TEXT NOT NULL,          -- JSON: {"name": "scrypt", "n": …, "r": …, "p": …, "salt": hex}
    retired_at      TEXT,                   -- set when a rotation replaced it
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX branch_key_one_active ON branch_key ((1)) WHERE retired_at IS NULL;

CREATE TABLE committee_key (
    id              INTEGER PRIMARY KEY,
    imported_at     TEXT NOT NULL,
    committee       TEXT NOT NULL DEFAULT '',
    epoch           INTEGER NOT NULL DEFAULT 0,
    kem             TEXT NOT NULL,
    public_key      BLOB NOT NULL,          -- the HPKE public key ‖ the Ed25519 key that signs notices
    fingerprint     TEXT NOT NULL UNIQUE,
    replaced_at     TEXT
);
CREATE UNIQUE INDEX committee_key_one_current ON committee_key ((1)) WHERE replaced_at IS NULL;

CREATE TABLE key_rotation (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    old_fingerprint TEXT NOT NULL,
    new_fingerprint TEXT NOT NULL,
    statement       TEXT NOT NULL,          -- canonical JSON, signed below by both keys
    old_signature   BLOB NOT NULL CHECK (length(old_signature) = 64),
    new_signature   BLOB NOT NULL CHECK (length(new_signature) = 64)
);

CREATE TABLE bundle_export (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL CHECK (year BETWEEN 1921 AND 2100),
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    created_at      TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    supersedes      TEXT,
    recipient       TEXT NOT NULL,
    signer          TEXT NOT NULL,
    missing         TEXT NOT NULL DEFAULT '[]',   -- JSON list of checklist items missing when exported
    UNIQUE (year, seq)
);

CREATE TABLE submission_item (
    year            INTEGER NOT NULL,
    item            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('不适用', '已另行报送')),
    note            TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (year, item)
);

-- Nothing exported or signed is ever rewritten.
CREATE TRIGGER bundle_export_no_update BEFORE UPDATE ON bundle_export
BEGIN SELECT RAISE(ABORT, 'bundle exports are not changed'); END;
CREATE TRIGGER bundle_export_no_delete BEFORE DELETE ON bundle_export
BEGIN SELECT RAISE(ABORT, 'bundle exports are not deleted'); END;
CREATE TRIGGER key_rotation_no_change BEFORE UPDATE ON key_rotation
BEGIN SELECT RAISE(ABORT, 'key rotations are not changed'); END;
CREATE TRIGGER key_rotation_no_delete BEFORE DELETE ON key_rotation
BEGIN SELECT RAISE(ABORT, 'key rotations are not deleted'); END;
