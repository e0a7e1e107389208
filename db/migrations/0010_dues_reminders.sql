-- BranchBook schema v10: 催缴提醒 given to members in arrears ("对无故不缴纳党费的党员要及时提醒"),
-- each logged with the day and how it was given; shown in the member's dues history.

CREATE TABLE dues_reminder (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    given_on    TEXT NOT NULL,
    how         TEXT NOT NULL CHECK (how IN ('打印', '短信', '微信', '当面', '电话', '其他')),
    months      TEXT NOT NULL,            -- JSON list of the months owed when reminded
    owed_fen    INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX dues_reminder_member ON dues_reminder(member_id);
