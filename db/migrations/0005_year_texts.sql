-- BranchBook schema v5: the year's work plan (年度工作计划) and summary (年度工作总结), free text
-- kept per year for the printed work record and the annual submission.

CREATE TABLE year_text (
    year        INTEGER NOT NULL CHECK (year BETWEEN 1921 AND 2100),
    kind        TEXT NOT NULL CHECK (kind IN ('年度工作计划', '年度工作总结')),
    content     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, kind)
);
