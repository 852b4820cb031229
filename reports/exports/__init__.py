"""Exports: an assessment's answers and the admins' exports of many assessments, as CSV or XLSX
in the request or as a ZIP of scorecards in a background job.

`tabular` writes CSV and XLSX from rows (pure), `files` turns selected assessments into those
files, `services` is the only writer of export jobs, `forms`, `views` and `urls` serve the
pages. The jobs' task is in reports.tasks, the worker's watch in reports.worker."""
