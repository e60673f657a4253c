"""Item analysis of a quiz: the classical test statistics Moodle's quiz statistics report shows.
Pure functions over plain numbers: no database, no Django.

Each attempt is a row of question scores (points awarded, in the quiz's question order) and,
for choice questions, the option ids it picked. With N attempts, k questions, x_j the scores of
question j (worth m_j), T = x_1 + ... + x_k the attempts' totals (worth M = m_1 + ... + m_k)
and R_j = T - x_j the rest of the quiz without question j:

- mean, median: of T, as a percent of M;
- SD: the sample standard deviation of T (divided by N - 1), as a percent of M;
- Cronbach's alpha = k / (k - 1) x (1 - (var x_1 + ... + var x_k) / var T), sample variances;
- standard error of measurement SEM = SD x sqrt(1 - alpha);
- facility index F_j = mean(x_j) / m_j, a percent: the share of its points earned;
- SD_j = sd(x_j) / m_j, a percent;
- discrimination index D_j = 100 x r(x_j, R_j), Pearson's correlation with the rest of the quiz;
- discriminative efficiency E_j = 100 x cov(x_j, R_j) / cov_max, where cov_max is the
  covariance of the two lists each sorted ascending: the largest D_j these scores allow;
- per option of a choice question: the share of attempts that picked it, and its
  point-biserial r(picked, R_j): the correlation of "picked it" (1 or 0) with the rest.

A figure that needs spread (a correlation, alpha) is None when there is none: every attempt
scoring the same, or fewer than two attempts.
"""

import math
import statistics
from dataclasses import dataclass, field

# Below this many attempts the correlations are flagged as unreliable: a correlation measured
# on N attempts has a standard error of about 1/sqrt(N), 0.18 at 30, which is as large as the
# gap between a question that discriminates well (0.3 and above) and one that does not (0.2).
FEW_ATTEMPTS = 30
TOO_HARD = 20  # facility index, percent: fewer than a fifth of the points earned
TOO_EASY = 90  # nearly everyone right: the question tells learners apart little
WEAK_DISCRIMINATION = 20  # discrimination index, percent
UPPER_GROUP = 0.27  # the strongest 27% by rest-of-quiz score (Kelley's upper group)


@dataclass(frozen=True)
class Item:
    """A question as analysed: what it is worth, and its options when it is a choice question."""

    key: int  # the question's id
    max_points: float
    options: tuple[int, ...] = ()  # option ids, in authored order (choice questions only)
    correct: frozenset[int] = frozenset()  # the options marked correct


@dataclass(frozen=True)
class Sitting:
    """One attempt: a score per item, and for choice items the option ids picked."""

    scores: tuple[float, ...]
    picks: tuple[frozenset[int], ...] = ()  # per item; empty sets for other kinds


@dataclass
class OptionFigures:
    option: int  # the option's id
    correct: bool
    picked: int  # attempts that picked it
    attempts: int
    point_biserial: float | None  # percent
    upper_picks: int  # of the upper group
    check_key: bool = False  # strong learners pick it more than a correct option

    @property
    def picked_percent(self) -> float:
        return 100 * self.picked / self.attempts if self.attempts else 0.0


@dataclass
class ItemFigures:
    key: int
    facility: float  # percent
    sd: float | None  # percent of the question's points
    discrimination: float | None  # percent
    efficiency: float | None  # percent
    options: list[OptionFigures] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class QuizFigures:
    attempts: int
    questions: int
    mean: float | None  # percent of the quiz's points
    median: float | None
    sd: float | None
    alpha: float | None  # 0 to 1 (can be negative for an incoherent quiz)
    sem: float | None  # percent of the quiz's points
    items: list[ItemFigures]

    @property
    def few(self) -> bool:
        return self.attempts < FEW_ATTEMPTS

    @property
    def uncertainty(self) -> float | None:
        """About how far a correlation over these attempts may be off: 1/sqrt(N)."""
        return 1 / math.sqrt(self.attempts) if self.attempts else None


def correlation(xs, ys) -> float | None:
    """Pearson's r, or None when either list has no spread (or fewer than two values)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _covariance(xs, ys) -> float:
    n = len(xs)
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def _variance(xs) -> float:
    """The sample variance (N - 1), in floats: `statistics.variance` works in exact fractions,
    a hundred times slower over thousands of attempts."""
    n = len(xs)
    if n < 2:
        return 0.0
    mean = math.fsum(xs) / n
    return math.fsum((x - mean) ** 2 for x in xs) / (n - 1)


def _stdev(xs) -> float:
    return math.sqrt(_variance(xs))


def _percent(value, of) -> float | None:
    return None if value is None or not of else 100 * value / of


def analyse(items: list[Item], sittings: list[Sitting]) -> QuizFigures:
    """The quiz's and each question's figures over `sittings` (see the module's docstring)."""
    n, k = len(sittings), len(items)
    totals = [math.fsum(sitting.scores) for sitting in sittings]
    most = math.fsum(item.max_points for item in items)
    columns = [[sitting.scores[j] for sitting in sittings] for j in range(k)]
    spread = n > 1 and _variance(totals) > 0
    sd = _stdev(totals) if n > 1 else None
    alpha = None
    if spread and k > 1:
        alpha = k / (k - 1) * (1 - math.fsum(map(_variance, columns)) / _variance(totals))
    sem = sd * math.sqrt(1 - alpha) if alpha is not None and alpha <= 1 else None
    figures = QuizFigures(
        attempts=n,
        questions=k,
        mean=_percent(statistics.fmean(totals), most) if n else None,
        median=_percent(statistics.median(totals), most) if n else None,
        sd=_percent(sd, most),
        alpha=alpha,
        sem=_percent(sem, most),
        items=[],
    )
    for j, item in enumerate(items):
        rest = [total - score for total, score in zip(totals, columns[j], strict=True)]
        figures.items.append(_item(item, j, columns[j], rest, sittings))
    return figures


def _item(item: Item, j: int, scores, rest, sittings) -> ItemFigures:
    n = len(scores)
    r = correlation(scores, rest)
    efficiency = None
    if r is not None:
        best = _covariance(sorted(scores), sorted(rest))
        efficiency = 100 * _covariance(scores, rest) / best if best > 0 else None
    figures = ItemFigures(
        key=item.key,
        facility=(_percent(statistics.fmean(scores), item.max_points) if n else None) or 0.0,
        sd=_percent(_stdev(scores), item.max_points) if n > 1 else None,
        discrimination=None if r is None else 100 * r,
        efficiency=efficiency,
    )
    if item.options:
        figures.options = _options(item, j, rest, sittings)
    figures.flags = flags(figures)
    return figures


def upper_group(rest) -> list[int]:
    """Indexes of the strongest attempts by rest-of-quiz score: the top 27%, at least one
    (ties at the cut taken in the attempts' order)."""
    size = max(1, math.ceil(UPPER_GROUP * len(rest)))
    ranked = sorted(range(len(rest)), key=lambda i: -rest[i])
    return ranked[:size]


def _options(item: Item, j: int, rest, sittings) -> list[OptionFigures]:
    upper = upper_group(rest) if rest else []
    rows = []
    for option in item.options:
        picked = [1.0 if option in sitting.picks[j] else 0.0 for sitting in sittings]
        r = correlation(picked, rest)
        rows.append(
            OptionFigures(
                option=option,
                correct=option in item.correct,
                picked=int(sum(picked)),
                attempts=len(sittings),
                point_biserial=None if r is None else 100 * r,
                upper_picks=sum(1 for i in upper if option in sittings[i].picks[j]),
            )
        )
    keys = [row.upper_picks for row in rows if row.correct]
    if keys:
        for row in rows:
            row.check_key = not row.correct and row.upper_picks > min(keys)
    return rows


def flags(item: ItemFigures) -> list[str]:
    """What a question's figures say, in plain words (an option letter is its place: A, B...)."""
    said = []
    if item.facility < TOO_HARD:
        said.append(f"Too hard: learners earned {item.facility:.0f}% of its points.")
    elif item.facility > TOO_EASY:
        said.append(f"Too easy: learners earned {item.facility:.0f}% of its points.")
    for place, option in enumerate(item.options):
        if option.check_key:
            said.append(
                f"Strong learners pick option {letter(place)} more than the key: check the key."
            )
    if item.discrimination is None:
        said.append("Does not discriminate: every attempt scored it, or the rest, the same.")
    elif item.discrimination < 0:
        said.append(
            "Does not discriminate: learners who do well on the rest of the quiz do worse on "
            "this one. Check the key and the wording."
        )
    elif item.discrimination < WEAK_DISCRIMINATION:
        said.append(
            "Does not discriminate: strong and weak learners score about the same on it "
            f"(index below {WEAK_DISCRIMINATION}%)."
        )
    return said


def letter(place: int) -> str:
    """An option's letter by its place from 0: A, B, ... Z, then AA, AB..."""
    word = ""
    place += 1
    while place:
        place, rest = divmod(place - 1, 26)
        word = chr(65 + rest) + word
    return word
