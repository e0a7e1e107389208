-- BranchBook schema v8: indexes where EXPLAIN QUERY PLAN showed a full scan on a path the
-- program takes often (one meeting's parts, one payment's months, a year's payments by date,
-- one member's grades), so each answer costs the same however many years are on file.

CREATE INDEX meeting_vote_meeting ON meeting_vote (meeting_id);
CREATE INDEX meeting_observer_meeting ON meeting_observer (meeting_id);
CREATE INDEX rectification_item_meeting ON rectification_item (meeting_id);
CREATE INDEX meeting_attachment_meeting ON meeting_attachment (meeting_id);
CREATE INDEX meeting_revision_meeting ON meeting_revision (meeting_id);
CREATE INDEX meeting_group ON meeting (group_id, date);
CREATE INDEX evaluation_grade_member ON evaluation_grade (member_id);
CREATE INDEX dues_payment_month_payment ON dues_payment_month (payment_id);
CREATE INDEX dues_payment_paid_on ON dues_payment (paid_on);
CREATE INDEX dues_payment_reverses ON dues_payment (reverses);
CREATE INDEX dev_step_meeting ON dev_step (meeting_id);
CREATE INDEX dev_assessment_person ON dev_assessment (person_id);
CREATE INDEX dev_assessment_amendment_assessment ON dev_assessment_amendment (assessment_id);
CREATE INDEX dev_milestone_person ON dev_milestone (person_id);
CREATE INDEX dues_remittance_on ON dues_remittance (remitted_on);
