-- BranchBook schema v3: party dues (党费). Money is integer fen; months are 'YYYY-MM'.

-- The yearly assessment (核定) of a member's monthly amount. A mid-year change is a new row
-- with a later effective month and a reason; earlier rows are kept as history.
CREATE TABLE dues_assessment (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES member(id),
    year             INTEGER NOT NULL,
    effective_from   TEXT NOT NULL,                 -- first month this amount applies
    category         TEXT NOT NULL,
    base_fen         INTEGER CHECK (base_fen IS NULL OR base_fen >= 0),
    income_items     TEXT NOT NULL DEFAULT '[]',    -- JSON: [{name, amount_fen, excluded}]
    rate_permille    INTEGER,
    formula_fen      INTEGER NOT NULL CHECK (formula_fen >= 0),
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    capped           INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    above_cap        INTEGER NOT NULL DEFAULT 0 CHECK (above_cap IN (0, 1)),
    low_income       INTEGER NOT NULL DEFAULT 0 CHECK (low_income IN (0, 1)),
    reduced          INTEGER NOT NULL DEFAULT 0 CHECK (reduced IN (0, 1)),
    reduction_reason TEXT NOT NULL DEFAULT '',
    branch_decision  TEXT NOT NULL DEFAULT '',      -- 支部研究决定
    upper_approval   TEXT NOT NULL DEFAULT '',      -- 上级党委批准文号
    approved_by      TEXT NOT NULL DEFAULT '',
    approved_on      TEXT,
    change_reason    TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    UNIQUE (member_id, effective_from),
    CHECK (substr(effective_from, 1, 4) = printf('%04d', year))
);
CREATE INDEX dues_assessment_member ON dues_assessment(member_id, year);

CREATE TABLE dues_payment (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES member(id),
    paid_on           TEXT NOT NULL,
    amount_fen        INTEGER NOT NULL,
    reverses          INTEGER REFERENCES dues_payment(id),  -- a reversal (negative) of a mistaken entry
    method            TEXT NOT NULL CHECK (method IN ('现金', '转账', '其他')),
    receipt_no        TEXT NOT NULL DEFAULT '',
    collector         TEXT NOT NULL DEFAULT '',
    backpay_override  TEXT NOT NULL DEFAULT '',     -- reason for paying more than 6 months back
    correction_reason TEXT NOT NULL DEFAULT '',     -- reason for a payment into a closed month
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    CHECK (amount_fen > 0 OR (reverses IS NOT NULL AND amount_fen < 0))
);
CREATE INDEX dues_payment_member ON dues_payment(member_id);

-- How a payment is spread over the months it covers.
CREATE TABLE dues_payment_month (
    id          INTEGER PRIMARY KEY,
    payment_id  INTEGER NOT NULL REFERENCES dues_payment(id),
    member_id   INTEGER NOT NULL REFERENCES member(id),
    month       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen != 0)
);
CREATE INDEX dues_payment_month_member ON dues_payment_month(member_id, month);

CREATE TABLE dues_month_close (
    month      TEXT PRIMARY KEY,
    closed_on  TEXT NOT NULL,
    closed_by  TEXT NOT NULL
);

-- A valid reason (正当理由) recorded against a member's arrears.
CREATE TABLE dues_arrears_reason (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    from_month  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_on TEXT NOT NULL,
    UNIQUE (member_id, from_month)
);

CREATE TABLE dues_remittance (
    id          INTEGER PRIMARY KEY,
    remitted_on TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    slip_no     TEXT NOT NULL DEFAULT '',
    from_month  TEXT NOT NULL,
    to_month    TEXT NOT NULL,
    handled_by  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK (to_month >= from_month)
);

-- Payments and the months they cover are never changed or removed: a mistake is put right
-- by a correcting entry, so the ledger keeps its history.
CREATE TRIGGER dues_payment_no_update BEFORE UPDATE ON dues_payment
BEGIN SELECT RAISE(ABORT, '党费收缴记录不能修改，请以更正方式登记'); END;
CREATE TRIGGER dues_payment_no_delete BEFORE DELETE ON dues_payment
BEGIN SELECT RAISE(ABORT, '党费收缴记录不能删除，请以更正方式登记'); END;
CREATE TRIGGER dues_payment_month_no_update BEFORE UPDATE ON dues_payment_month
BEGIN SELECT RAISE(ABORT, '党费收缴记录不能修改，请以更正方式登记'); END;
CREATE TRIGGER dues_payment_month_no_delete BEFORE DELETE ON dues_payment_month
BEGIN SELECT RAISE(ABORT, '党费收缴记录不能删除，请以更正方式登记'); END;
