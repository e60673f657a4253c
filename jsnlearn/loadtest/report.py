"""The benchmark's results as Markdown, in their own section of docs/performance.md (one per
database), so a run on SQLite and one on PostgreSQL sit side by side."""

import re
from pathlib import Path

MB = 1024 * 1024


def table(results, baseline_rps: float) -> str:
    rows = [
        "| page | req/s | x baseline | p50 ms | p99 ms | errors | peak worker RSS MB | notes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = r.rps / baseline_rps if baseline_rps else 0
        rows.append(
            f"| {r.name} | {r.rps:.0f} | {ratio:.2f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.errors} | {r.peak_rss / MB:.0f} | {r.note} |"
        )
    return "\n".join(rows)


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
