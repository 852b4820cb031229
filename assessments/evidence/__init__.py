"""Evidence files attached to answers: `services` validates and stores them (and finds the files
no row references), `forms` holds the upload form and the upload's size limit, `views` and `urls`
upload, download and delete them, and `signals` deletes a file with its row. The template tags
are in assessments/templatetags/evidence.py, the evidence_orphans command in management/."""
