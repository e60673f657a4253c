"""The copy check of the bundled course: no run of eight words in a row from the 2011 article it
starts from, except the one sentence of advice it quotes, in quotation marks, to judge it.

The article's text is not in the repository. What is kept is `article_runs.txt`: a hash of each
run of eight words of the article (its words folded as `words()` folds them), and a hash of the
one sentence the course may quote. Make it again, if ever the article or the folding changes,
with

    .venv/bin/python -m tests.courses.copycheck PATH/TO/ARTICLE.txt --quote-line 19

where line 19 is the article's line of advice.
"""

import argparse
import hashlib
import re
from pathlib import Path

from tests.courses.measures import words

RUN = 8  # this many words in a row, as in the article, count as copied
DIGEST_LENGTH = 16  # hex digits kept of each SHA-256: 64 bits, no collision in sight
RUNS_FILE = Path(__file__).with_name("article_runs.txt")
QUOTE = "quote "
# A quotation: text between typographic or straight double quotes, on one line.
QUOTATION = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")


def digest(text_words: list[str] | tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(text_words).encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def run_digests(text: str) -> set[str]:
    tokens = words(text)
    return {digest(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def read_runs(path: Path = RUNS_FILE) -> tuple[set[str], set[str]]:
    """The article's run hashes, and the hashes of the sentences the course may quote."""
    runs, quotes = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith(QUOTE):
            quotes.add(line.removeprefix(QUOTE))
        else:
            runs.add(line)
    return runs, quotes


def without_allowed_quotes(text: str, quotes: set[str]) -> str:
    """`text` with each quotation of an allowed sentence taken out (whole, exactly)."""

    def keep_or_drop(match):
        quoted = match.group(1) or match.group(2)
        return " " if digest(words(quoted)) in quotes else match.group(0)

    return QUOTATION.sub(keep_or_drop, text)


def copied_runs(text: str, runs: set[str], quotes: set[str]) -> set[str]:
    """Hashes of the article's runs that `text` repeats outside an allowed quotation."""
    return run_digests(without_allowed_quotes(text, quotes)) & runs


def runs_file_text(article: str, quote_line: int) -> str:
    lines = article.splitlines()
    quote = digest(words(lines[quote_line - 1]))
    header = [
        "# Hashes of the 8-word runs of the 2011 article the bundled course starts from, and of",
        "# the one sentence the course quotes (tests/courses/copycheck.py explains them).",
        "# Made with: .venv/bin/python -m tests.courses.copycheck ARTICLE --quote-line "
        f"{quote_line}",
    ]
    return "\n".join([*header, QUOTE + quote, *sorted(run_digests(article))]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("--quote-line", type=int, required=True)
    parser.add_argument("--out", type=Path, default=RUNS_FILE)
    options = parser.parse_args()
    text = runs_file_text(options.article.read_text(encoding="utf-8"), options.quote_line)
    options.out.write_text(text, encoding="utf-8")
    print(f"wrote {options.out} ({len(text.splitlines()) - 4} runs)")


if __name__ == "__main__":
    main()
