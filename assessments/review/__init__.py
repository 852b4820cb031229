"""The assessor's review: verdicts on answers, overall findings, decisions, the review queue,
and copying a validated assessment into a new draft.

`services` writes, `selectors` reads, `forms`, `views` and `urls` serve the pages. The status
itself changes only through assessments.lifecycle.assessment_transition."""
