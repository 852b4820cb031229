"""The all-answers CSV export of every assessment in a process of its own, for its peak memory.

Run by `make bench` (performance.scale) as `python -m performance.export_memory` with the
benchmarks' database in DATABASE_URL; prints one JSON line: rows, bytes, seconds, the peak
resident memory of the process (MiB) and what it was before the export began. It calls
`data_export`, what the export page calls.
"""

import json
import time


def main() -> None:
    import django

    django.setup()
    from assessments.models import Assessment
    from performance.measure import peak_rss_mib
    from reports.enums import ExportOutput
    from reports.exports.files import data_export

    before = peak_rss_mib()
    start = time.perf_counter()
    export = data_export(ExportOutput.ANSWERS_CSV, Assessment.objects.all())
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "rows": export.content.count(b"\n") - 1,
                "bytes": len(export.content),
                "seconds": seconds,
                "peak_rss_mib": peak_rss_mib(),
                "before_mib": before,
            }
        )
    )


if __name__ == "__main__":
    main()
