"""The all-answers CSV export of every assessment as a background job, in a process of its own,
for its peak memory.

Run by `make bench` (performance.scale) as `python -m performance.export_memory` with the
benchmarks' database in DATABASE_URL and TASKS_BACKEND=immediate: the job goes through its real
entry point (`reports.tasks.data_export_request`, what the export page calls) and its task runs
in this process, as in a worker. Prints one JSON line: the job's status, rows and file size, the
seconds taken, the peak resident memory of the process (MiB) and what it was before the export.
"""

import json
import time


def main() -> None:
    import django

    django.setup()
    from assessments.models import Assessment
    from performance.measure import peak_rss_mib
    from reports.enums import ExportOutput
    from reports.tasks import data_export_request

    ids = list(Assessment.objects.values_list("pk", flat=True))
    before = peak_rss_mib()
    start = time.perf_counter()
    job = data_export_request(
        user=None, output=ExportOutput.ANSWERS_CSV, assessment_ids=ids, filters={}
    )
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "status": job.status,
                "rows": job.done,
                "bytes": job.file.size if job.file else 0,
                "seconds": seconds,
                "peak_rss_mib": peak_rss_mib(),
                "before_mib": before,
            }
        )
    )


if __name__ == "__main__":
    main()
