"""How /readyz tells the log that the installation is not ready, without a flood.

A load balancer probes every second or so, and each process answers its share: a line per 503
would bury everything else, at ERROR (Django's own line for any 5xx) would page someone for a
deploy or a restart. So each process writes one WARNING when an outage starts or its failing
checks change, then at most one line per REPEAT_SECONDS (with the number of unavailable answers
it stands for); ERROR once the outage has lasted ERROR_AFTER_SECONDS, as far as this process has
seen; INFO when it is ready again. Time is passed in (a monotonic clock), never read here."""

import logging
import threading
from collections.abc import Sequence

from operations.checks import CheckResult

logger = logging.getLogger("operations.readiness")

REPEAT_SECONDS = 60.0
ERROR_AFTER_SECONDS = 300.0


class UnavailabilityLog:
    def __init__(
        self,
        *,
        repeat_seconds: float = REPEAT_SECONDS,
        error_after_seconds: float = ERROR_AFTER_SECONDS,
    ) -> None:
        self.repeat_seconds = repeat_seconds
        self.error_after_seconds = error_after_seconds
        self._lock = threading.Lock()  # gunicorn's threads answer probes at the same time
        self._since: float | None = None  # the first unavailable answer of the outage
        self._logged_at: float | None = None
        self._logged: tuple[tuple[str, ...], int] = ((), logging.NOTSET)  # checks, level
        self._unlogged = 0  # unavailable answers since the last line

    def record(self, results: Sequence[CheckResult], *, now: float) -> None:
        """Called with every answer's check results."""
        failing = [result for result in results if not result.ok]
        with self._lock:
            if not failing:
                if self._since is not None:
                    logger.info("Ready again after %.0f s not ready", now - self._since)
                self._since, self._logged_at, self._unlogged = None, None, 0
                self._logged = ((), logging.NOTSET)
                return
            if self._since is None:
                self._since = now
            self._unlogged += 1
            lasted = now - self._since
            level = logging.ERROR if lasted >= self.error_after_seconds else logging.WARNING
            names = tuple(result.name for result in failing)
            due = (
                self._logged_at is None
                or (names, level) != self._logged
                or now - self._logged_at >= self.repeat_seconds
            )
            if not due:
                return
            logger.log(
                level,
                "Not ready for %.0f s (%d unavailable answer(s) since the last line): %s",
                lasted,
                self._unlogged,
                "; ".join(f"{result.name}: {result.detail}" for result in failing),
            )
            self._logged_at, self._logged, self._unlogged = now, (names, level), 0


# One per process: each process logs what it answered.
unavailability_log = UnavailabilityLog()
