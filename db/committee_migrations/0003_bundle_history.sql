-- What the committee keeps of each bundle's records (app/committee/history.py): the digest of
-- every official record and the signed work-record entries, to compare the branch's next bundle.
ALTER TABLE bundle ADD COLUMN seals TEXT NOT NULL DEFAULT '{}';
