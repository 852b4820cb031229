"""What every benchmark prints: figures with their goal, medians, and ratios against a baseline
measured in the same run, alternating with it so that the load of the machine hits both alike."""

import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""
    # None: a figure without a goal; else whether this run meets it.
    met: bool | None = None

    def line(self) -> str:
        verdict = {None: "", True: "  ok", False: "  MISSED"}[self.met]
        goal = f"   (goal: {self.goal}){verdict}" if self.goal else ""
        value = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.3f}"
        return f"{self.name:<64} {value:>12} {self.unit}{goal}".rstrip()


def at_most(name: str, value: float, unit: str, limit: float, goal: str = "") -> Figure:
    """A figure whose goal is an upper bound."""
    return Figure(name, value, unit, goal or f"<= {limit:,g} {unit}".rstrip(), value <= limit)


def seconds(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median_seconds(func: Callable[[], object], *, repeat: int) -> float:
    return statistics.median(seconds(func) for _ in range(repeat))


def paired_medians(
    func: Callable[[], object], baseline: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """Medians of `func` and `baseline`, run in turns (after one warm-up of each)."""
    func()
    baseline()
    measured, base = [], []
    for _ in range(repeat):
        measured.append(seconds(func))
        base.append(seconds(baseline))
    return statistics.median(measured), statistics.median(base)


def peak_rss_mib() -> float:
    """The peak resident memory of this process so far. On Linux from VmHWM: getrusage's
    ru_maxrss keeps the parent's peak across fork and exec, VmHWM is this program's own."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes; bytes on macOS
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
