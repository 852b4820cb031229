"""Exports: an assessment's answers as CSV or XLSX in the request; the admins' exports of many
assessments (answers or assessments as CSV or XLSX, scorecards as a ZIP) in background jobs.

`tabular` writes CSV and XLSX from rows (pure), `files` turns selected assessments into those
files, `services` is the only writer of export jobs, `forms`, `views` and `urls` serve the
pages. The jobs' task is in reports.tasks, the worker's watch in reports.worker."""
