"""The benchmark's results as Markdown, in their own section of docs/performance.md (one per
database), so a run on SQLite and one on PostgreSQL sit side by side."""

import re
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
FIRST_TARGET = 0.5  # x the baseline, every learner page's first views
REPEAT_TARGET = 0.7  # and its repeat views
SUBMIT_TARGET = 0.25
REVIEW_ANSWER_TARGET = 0.25  # x the baseline, a review answer's first (and only) views
STATISTICS_TARGET = 0.5  # x the baseline, the quiz statistics page once its figures are computed
CLASS_REPORT_TARGET = 0.5  # x the baseline, a class report once its standing is worked out
OUTLINE_LIMIT = 60_000  # bytes: the course outline's HTML, at 80 modules of 15 lessons


@dataclass(frozen=True)
class OutlineSize:
    modules: int
    lessons: int
    size: int  # bytes of HTML


@dataclass(frozen=True)
class Target:
    label: str
    met: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.label}: {'met' if self.met else '**not met**'} ({self.detail})"


def _ratio(row, measured) -> float:
    return measured.rps / row.floor_rps if row.floor_rps else 0.0


def _both(row, text) -> str:
    """A cell with the first-view figure, then the repeat-view one when there is one."""
    cells = [text(m) if m else "" for m in (row.first, row.repeat)]
    return " / ".join(cell for cell in cells if cell)


def table(rows, sizes: list[OutlineSize]) -> str:
    lines = [
        "| page | first views x baseline | repeat views x baseline | req/s first / repeat "
        "| baseline req/s beside it | p50 ms first / repeat | p99 ms first / repeat "
        "| errors first / repeat | peak worker RSS MB | notes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        repeat = f"{_ratio(row, row.repeat):.2f}" if row.repeat else ""
        peak = max(m.peak_rss for m in (row.first, row.repeat) if m)
        lines.append(
            f"| {row.name} | {_ratio(row, row.first):.2f} | {repeat} "
            f"| {_both(row, lambda m: f'{m.rps:.0f}')} | {row.floor_rps:.0f} "
            f"| {_both(row, lambda m: f'{m.p50_ms:.1f}')} "
            f"| {_both(row, lambda m: f'{m.p99_ms:.1f}')} "
            f"| {_both(row, lambda m: str(m.errors))} | {peak / MB:.0f} | {row.notes} |"
        )
    if sizes:
        lines.append(f"| course outline HTML (fetched once) | | | | | | | | | {_sizes(sizes)} |")
    return "\n".join(lines)


def _sizes(sizes: list[OutlineSize]) -> str:
    return "; ".join(f"{s.modules} x {s.lessons}: {s.size:,} bytes" for s in sizes)


def targets(rows, class_ok: bool | None, sizes) -> list[Target]:
    """Each target, met or not, with the figures that decide it."""
    learner_rows = [row for row in rows[1:] if row.page.learner_page]
    firsts = [(row, row.first) for row in learner_rows]
    repeats = [(row, row.repeat) for row in learner_rows if row.repeat]
    found = [
        _lowest(f"first views ≥ {FIRST_TARGET} x", firsts, FIRST_TARGET),
        _lowest(f"repeat views ≥ {REPEAT_TARGET} x", repeats, REPEAT_TARGET),
    ]
    for row in rows:
        if row.page.attempt_ids:
            ratio = _ratio(row, row.first)
            met = ratio >= SUBMIT_TARGET and not row.first.errors
            found.append(
                Target(f"quiz submit ≥ {SUBMIT_TARGET} x", met, f"{ratio:.2f}, {row.first.note}")
            )
    for row in rows:
        if row.page.card_ids:
            ratio = _ratio(row, row.first)
            met = ratio >= REVIEW_ANSWER_TARGET and not row.first.errors
            found.append(
                Target(
                    f"review answer ≥ {REVIEW_ANSWER_TARGET} x",
                    met,
                    f"{ratio:.2f}, {row.first.note}",
                )
            )
    for row in rows:
        if row.page.own_target:
            views = [(row, m) for m in (row.first, row.repeat) if m]
            found.append(
                _lowest(f"{row.name} ≥ {row.page.own_target} x", views, row.page.own_target)
            )
    if class_ok is not None:
        found.append(Target("class burst, 0 errors", class_ok, "and the database check"))
    for size in sizes:
        if (size.modules, size.lessons) == (80, 15):
            found.append(
                Target(
                    f"course outline at 80 x 15 under {OUTLINE_LIMIT:,} bytes (for later work)",
                    size.size < OUTLINE_LIMIT,
                    f"{size.size:,} bytes",
                )
            )
    return found


def _lowest(label: str, measured, goal: float) -> Target:
    """Met when every page's rate is at least `goal` x the floor's beside it, without errors."""
    ratios = sorted((_ratio(row, m), row.name) for row, m in measured)
    below = [f"{name} {ratio:.2f}" for ratio, name in ratios if ratio < goal]
    below += [f"{row.name} {m.errors} errors" for row, m in measured if m.errors]
    if below:
        return Target(label, False, ", ".join(below))
    ratio, name = ratios[0]
    return Target(label, True, f"lowest: {name} {ratio:.2f}")


def targets_line(found: list[Target]) -> str:
    return "Targets: " + "; ".join(str(target) for target in found) + "."


def class_table(run, problems: list[str]) -> str:
    from jsnlearn.loadtest.classroom import STEPS

    rows = ["| step | p50 ms | p99 ms |", "| --- | ---: | ---: |"]
    rows += [f"| {step} | {run.p50_ms(step):.0f} | {run.p99_ms(step):.0f} |" for step in STEPS]
    verdict = (
        "consistent" if not problems else f"{len(problems)} problems: " + "; ".join(problems[:5])
    )
    return (
        f"{len(run.learners)} learners took the quiz within {run.seconds:.1f} s: "
        f"{len(run.errors)} errors; database check: {verdict}.\n\n" + "\n".join(rows)
    )


def write_section(path: Path, key: str, text: str) -> None:
    """Replace the section between `<!-- bench:key -->` markers, or add it at the end."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{text.strip()}\n{end}"
    current = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current)
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(updated)
