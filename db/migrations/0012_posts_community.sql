-- BranchBook schema v12: 共产党员先锋岗 (posts, who holds them, commitments, evaluations) and
-- 双报到 (members reporting to a community 党组织, and the service activities done there).

CREATE TABLE vanguard_post (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('行政审批', '行政执法', '窗口服务', '综合服务', '其他')),
    unit        TEXT NOT NULL DEFAULT '',          -- 处室 where recorded
    set_up_on   TEXT NOT NULL,
    commitments TEXT NOT NULL DEFAULT '',
    closed_on   TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE vanguard_holder (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES vanguard_post(id),
    member_id  INTEGER NOT NULL REFERENCES member(id),
    from_date  TEXT NOT NULL,
    to_date    TEXT
);
CREATE INDEX vanguard_holder_post ON vanguard_holder(post_id);
CREATE INDEX vanguard_holder_member ON vanguard_holder(member_id);

CREATE TABLE vanguard_award (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES vanguard_post(id),
    title       TEXT NOT NULL CHECK (title IN ('优秀先锋岗', '标兵先锋岗', '示范先锋岗', '其他')),
    awarded_on  TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',          -- the awarding body
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vanguard_award_post ON vanguard_award(post_id);

CREATE TABLE community_report (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    community   TEXT NOT NULL CHECK (length(trim(community)) > 0),
    reported_on TEXT NOT NULL,
    ended_on    TEXT,
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX community_report_member ON community_report(member_id);

CREATE TABLE community_activity (
    id          INTEGER PRIMARY KEY,
    done_on     TEXT NOT NULL,
    community   TEXT NOT NULL CHECK (length(trim(community)) > 0),
    what        TEXT NOT NULL CHECK (length(trim(what)) > 0),
    meeting_id  INTEGER REFERENCES meeting(id),   -- a 主题党日 it was part of
    created_at  TEXT NOT NULL
);
CREATE INDEX community_activity_date ON community_activity(done_on);

CREATE TABLE community_activity_member (
    activity_id INTEGER NOT NULL REFERENCES community_activity(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    tenths      INTEGER NOT NULL CHECK (tenths >= 0),   -- hours × 10 (no floats)
    PRIMARY KEY (activity_id, member_id)
);
CREATE INDEX community_activity_member_member ON community_activity_member(member_id);
