"""A synthetic blog, generated deterministically from a seed.

``write_corpus(folder, posts=1000, seed=...)`` writes two content folders
holding the same posts:

- ``site/``: what this site builds (``posts/``, ``pages/``, ``data/``,
  ``extra/``): N Markdown posts, one of them the sample site's reference post
  (content/posts/takeaway-spam-or-good-marketing.md, with its three CSVs), so
  the page-weight measure (f) runs on the reference post inside a blog of
  this size; a quarter of the others carry a ```chart block, each reading
  its own CSV of 20 to 2,000 rows, and three of those read CSVs of 100,000
  rows or more through ``aggregate: sum``;
- ``vanilla/``: the same posts and pages with every chart block removed, for
  vanilla Pelican.

and ``manifest.json``, which says what is where (posts, slugs, dates,
charts, the CSVs the benchmark edits).

Only ``random.Random(seed)`` decides anything: no clock, no set or hash
order, so the same seed writes byte-identical files on any machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

REFERENCE_POST = "takeaway-spam-or-good-marketing.md"
REFERENCE_CSVS = ("dm-poll.csv", "dm-responses.csv", "hayzlett-followers.csv")

DEFAULT_SEED = 20091021
SMALL_ROWS = (20, 2000)
BIG_ROWS = 100_000  # at least this many rows; a few thousand more at random
BIG_CHARTS = 3
QUICK_BIG_ROWS = 5_000
FIRST_DATE = dt.datetime(2012, 1, 2, 8, 0)

# --- vocabulary -------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = words(
    """audience campaign channel funnel newsletter subscriber follower
budget brand message headline offer landing-page click conversion signup
customer prospect lead pipeline metric dashboard report survey poll sample
cohort segment list inbox calendar deadline draft post thread reply comment
share mention hashtag profile account agency client team manager writer
editor designer strategy tactic plan goal outcome result trend spike dip
baseline benchmark forecast estimate test variant experiment hypothesis
question answer argument story example case lesson mistake habit routine
schedule cadence frequency season quarter week month weekday morning
evening launch promotion discount coupon product service feature price
revenue cost margin return spend retention churn loyalty trust attention
relationship conversation community network platform website blog article
video podcast webinar ebook guide checklist template workflow process
tool spreadsheet export column chart number figure percentage average
median total share-of-voice reach impression engagement"""
)
ADJECTIVES = words(
    """quiet loud careful honest cheap expensive slow fast steady
noisy useful useless small large local global early late weekly monthly
quarterly seasonal organic paid direct social mobile simple complex clear
vague new old familiar strange reliable shaky modest ambitious narrow broad
loyal casual curious skeptical busy patient measurable obvious hidden
practical typical unusual realistic generous thin rich warm cold fresh
stale cautious bold consistent uneven"""
)
VERBS = words(
    """improves measures tracks changes drives reduces doubles explains
tests ignores follows rewards punishes reveals hides supports weakens
shapes predicts outlasts replaces complicates clarifies lifts lowers
earns costs protects wastes builds breaks frames answers raises settles
outperforms undercuts"""
)
PREPOSITIONS = words(
    """across after against around before behind beside between
beyond during for from inside into near over through toward under
within without"""
)
ADVERBS = words(
    """rarely often usually quietly slowly quickly clearly barely
mostly partly steadily suddenly eventually honestly simply"""
)
CONNECTIVES = (
    "In practice,",
    "On the other hand,",
    "For most teams,",
    "Oddly enough,",
    "Week after week,",
    "In our experience,",
    "By the third month,",
    "Put simply,",
    "As the numbers show,",
    "Either way,",
)
ABBREVIATIONS = ("ROI", "CTR", "SEO", "CRM", "B2B", "KPI", "A/B", "RSS")
QUOTES = (
    '"spam or good marketing"',
    '"just one more email"',
    '"growth at any cost"',
    '"the numbers speak for themselves"',
    '"set it and forget it"',
)
CONTRACTIONS = ("it's", "don't", "isn't", "we'd", "you'll", "they're", "can't")

TAGS = (
    "a-b testing",
    "abandoned carts",
    "advertising",
    "analytics",
    "attribution",
    "audience research",
    "automation",
    "blogging",
    "brand voice",
    "budgets",
    "case studies",
    "churn",
    "community",
    "content calendar",
    "conversion",
    "copywriting",
    "crm",
    "customer journey",
    "dashboards",
    "data quality",
    "direct messages",
    "discounts",
    "ecommerce",
    "editorial",
    "email",
    "engagement",
    "events",
    "facebook",
    "forecasting",
    "funnels",
    "growth",
    "headlines",
    "influencers",
    "landing pages",
    "lead scoring",
    "linkedin",
    "local marketing",
    "loyalty",
    "metrics",
    "mobile",
    "newsletters",
    "onboarding",
    "paid social",
    "podcasts",
    "polls",
    "pricing",
    "process",
    "public relations",
    "referrals",
    "reporting",
    "retention",
    "roi",
    "search",
    "segmentation",
    "seo",
    "social media",
    "spam",
    "surveys",
    "twitter",
    "video",
)
CATEGORIES = (
    "Social Strategies",
    "Email Marketing",
    "Content Strategy",
    "Analytics",
    "Advertising",
    "Brand & Voice",
    "Growth Experiments",
    "Tools & Process",
)
CHANNELS = (
    "Email",
    "Organic search",
    "Paid search",
    "Twitter",
    "Facebook",
    "LinkedIn",
    "Referral",
    "Direct",
)
STAGES = ("Visited", "Read a post", "Subscribed", "Opened an email", "Bought")
CHART_TYPES = (
    ("bar", 3),
    ("line", 3),
    ("area", 1),
    ("scatter", 1),
    ("pie", 1),
    ("donut", 1),
    ("funnel", 1),
    ("histogram", 1),
)


# --- the manifest -------------------------------------------------------------------


@dataclass
class Chart:
    post: str  # posts/post-0001.md
    csv: str  # data/bench/post-0001.csv, relative to the content folder
    type: str
    rows: int
    big: bool = False
    aggregate: str | None = None
    y: str | None = None
    # A chart whose CSV value edits show up verbatim in the page (line chart,
    # plain numbers, no aggregate): what measure (d) edits.
    editable: bool = False


@dataclass
class Post:
    file: str  # posts/post-0001.md, relative to the content folder
    slug: str
    date: str  # ISO, as in the Date: line
    title: str
    words: int
    charts: int = 0
    reference: bool = False


@dataclass
class Manifest:
    seed: int
    posts: list[Post] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> Manifest:
        raw = json.loads(path.read_text("utf-8"))
        return cls(
            seed=raw["seed"],
            posts=[Post(**p) for p in raw["posts"]],
            charts=[Chart(**c) for c in raw["charts"]],
        )

    @property
    def reference(self) -> Post:
        return next(p for p in self.posts if p.reference)

    def post(self, file: str) -> Post:
        return next(p for p in self.posts if p.file == file)


# --- prose --------------------------------------------------------------------------


class Prose:
    """English-like sentences from a small grammar and a word list."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def noun(self) -> str:
        return self.rng.choice(NOUNS).replace("-", " ")

    def noun_phrase(self) -> str:
        r = self.rng
        det = r.choice(("the", "a", "every", "our", "your", "this", "that"))
        words = [det]
        if r.random() < 0.5:
            words.append(r.choice(ADJECTIVES))
        words.append(self.noun())
        phrase = " ".join(words)
        return re.sub(r"\ba ([aeiou])", r"an \1", phrase)

    def sentence(self) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.2:
            parts.append(r.choice(CONNECTIVES))
        subject = self.noun_phrase()
        parts.append(subject)
        if r.random() < 0.3:
            parts.append(r.choice(ADVERBS))
        parts.append(r.choice(VERBS))
        parts.append(self.noun_phrase())
        if r.random() < 0.6:
            parts += [r.choice(PREPOSITIONS), self.noun_phrase()]
        roll = r.random()
        if roll < 0.08:
            parts.append(f"-- and {r.choice(CONTRACTIONS)} not the {self.noun()}")
        elif roll < 0.14:
            parts.append(f"by {r.randint(2, 95)}.{r.randint(0, 9)}%")
        elif roll < 0.19:
            parts.append(f"when the {r.choice(ABBREVIATIONS)} is all anyone reads")
        elif roll < 0.23:
            parts.append(f"that people call {r.choice(QUOTES)}")
        elif roll < 0.26:
            parts.append(f"& the {self.noun()}")
        text = " ".join(parts)
        text = text[0].upper() + text[1:]
        end = r.choices((".", "?", "...", "!"), weights=(86, 8, 4, 2))[0]
        return text + end

    def decorate(self, sentence: str) -> str:
        """Occasional emphasis or inline code on one word."""
        r = self.rng
        words = sentence.split(" ")
        if len(words) > 4 and r.random() < 0.12:
            i = r.randrange(1, len(words) - 1)
            if words[i].isalpha():
                mark = r.choice(("*", "**", "`"))
                words[i] = f"{mark}{words[i]}{mark}"
        return " ".join(words)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.decorate(self.sentence()) for _ in range(sentences))

    def title(self) -> str:
        r = self.rng
        noun = self.noun().title()
        other = self.noun().title()
        adjective = r.choice(ADJECTIVES).title()
        pattern = r.randrange(6)
        if pattern == 0:
            return f"What {r.randint(3, 40)} {noun} Reports Taught Us About {other}"
        if pattern == 1:
            return f"The {adjective} {noun} and the {other} Question"
        if pattern == 2:
            return f"Why Your {noun} Needs a {adjective} {other}"
        if pattern == 3:
            return f"{adjective} {noun}, {adjective} {other}?"
        if pattern == 4:
            return f"Reading the {noun} Numbers from the Bottom Up"
        article = "an" if adjective[0] in "AEIOU" else "a"
        return f"How to Measure {article} {adjective} {noun}"

    def heading(self) -> str:
        r = self.rng
        heading = r.choice(
            (
                f"What the {self.noun()} shows",
                f"The case for a {r.choice(ADJECTIVES)} {self.noun()}",
                f"Where the {self.noun()} goes wrong",
                f"Reading the {self.noun()} honestly",
                f"A {r.choice(ADJECTIVES)} look at {self.noun()}s",
                "What we changed, and why",
                f"Before you touch the {self.noun()}",
            )
        ).capitalize()
        return re.sub(r"\ba ([aeiou])", r"an \1", heading)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'%.]*", text))


# --- charts -------------------------------------------------------------------------


def _csv_text(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _dates(rng: random.Random, count: int) -> list[dt.date]:
    start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500))
    return [start + dt.timedelta(days=i) for i in range(count)]


def _date_text(day: dt.date, style: str) -> str:
    return day.isoformat() if style == "iso" else day.strftime("%d %b %Y")


def small_chart(rng: random.Random, chart_type: str, rows: int):
    """(CSV text, block lines, chart facts) for one small chart."""
    channels = rng.sample(CHANNELS, rng.randint(4, len(CHANNELS)))
    block: list[str] = []
    facts: dict = {"y": None, "aggregate": None, "editable": False}
    if chart_type == "bar":
        variant = rng.randrange(3)
        if variant == 0:  # raw rows per channel, summed or averaged
            money = rng.random() < 0.5
            decorated = money and rng.random() < 0.5  # "$1,234.50" cells
            y = "spend" if money else "clicks"
            data = []
            for _ in range(rows):
                channel = rng.choice(channels)
                spend = rng.uniform(5, 900)
                if decorated:
                    value = _money(spend)
                elif money:
                    value = f"{spend:.2f}"
                else:
                    value = str(rng.randint(0, 400))
                data.append([channel, value])
            text = _csv_text(["channel", y], data)
            aggregate = rng.choice(("sum", "sum", "mean"))
            block += ["x: channel", f"y: {y}", f"aggregate: {aggregate}"]
            block.append(f"y_format: {'currency' if money else 'number'}")
            if rng.random() < 0.5:
                block.append(f"sort: -{y}")
            if rng.random() < 0.3:
                block.append("orientation: h")
            facts.update(y=y, aggregate=aggregate)
        elif variant == 1:  # several rows per day, summed per day
            days = _dates(rng, max(5, rows // 12))
            data = [
                [rng.choice(days).isoformat(), rng.randint(0, 60)] for _ in range(rows)
            ]
            data.sort()
            text = _csv_text(["date", "signups"], data)
            block += ["x: date", "y: signups", "aggregate: sum", "y_format: number"]
            facts.update(y="signups", aggregate="sum")
        else:  # grouped and stacked, month by channel
            months = [f"{2019 + m // 12}-{m % 12 + 1:02d}" for m in range(12)]
            data = [
                [rng.choice(months), rng.choice(channels[:4]), rng.randint(1, 90)]
                for _ in range(rows)
            ]
            data.sort()
            text = _csv_text(["month", "channel", "signups"], data)
            block += [
                "x: month",
                "y: signups",
                "group: channel",
                "aggregate: sum",
                "stack: true",
            ]
            facts.update(y="signups", aggregate="sum")
    elif chart_type in ("line", "area"):
        days = _dates(rng, rows)
        style = "iso" if rng.random() < 0.75 else "named"
        y_format = rng.choice(("number", "number", "percent", "currency"))
        decorated = y_format != "number" and rng.random() < 0.5
        two = chart_type == "area" or rng.random() < 0.3
        names = ["organic", "paid"] if two else ["sessions"]
        if y_format == "percent":
            names = ["open_rate", "click_rate"] if two else ["conversion_rate"]
        elif y_format == "currency":
            names = ["revenue", "spend"] if two else ["revenue"]
        level = {n: rng.uniform(50, 5000) for n in names}
        data = []
        for day in days:
            row = [_date_text(day, style)]
            for n in names:
                level[n] = max(1.0, level[n] * rng.uniform(0.93, 1.08))
                if y_format == "percent":
                    rate = min(0.95, level[n] / 60000)
                    row.append(f"{rate * 100:.2f}%" if decorated else f"{rate:.4f}")
                elif y_format == "currency":
                    row.append(_money(level[n]) if decorated else f"{level[n]:.2f}")
                else:
                    row.append(str(round(level[n])))
            data.append(row)
        text = _csv_text(["date", *names], data)
        block.append("x: date")
        block.append(f"y: [{', '.join(names)}]" if two else f"y: {names[0]}")
        if not decorated or rng.random() < 0.5:
            block.append(f"y_format: {y_format}")
        if chart_type == "area" and rng.random() < 0.5:
            block.append("stack: true")
        facts.update(
            y=names[0],
            editable=chart_type == "line" and y_format == "number" and not two,
        )
    elif chart_type == "scatter":
        data = []
        for _ in range(rows):
            spend = rng.uniform(10, 2000)
            data.append([f"{spend:.2f}", round(spend * rng.uniform(0.01, 0.08), 1)])
        text = _csv_text(["spend", "conversions"], data)
        block += ["x: spend", "y: conversions", "x_title: Ad spend ($)"]
        facts.update(y="conversions")
    elif chart_type in ("pie", "donut"):
        weights = [rng.uniform(0.5, 5) for _ in channels]
        data = [
            [rng.choices(channels, weights)[0], rng.randint(1, 500)]
            for _ in range(rows)
        ]
        # Every channel at least once, so no slice is empty.
        data[: len(channels)] = [[c, rng.randint(1, 500)] for c in channels]
        text = _csv_text(["channel", "visits"], data)
        block += ["x: channel", "y: visits", "aggregate: sum"]
        facts.update(y="visits", aggregate="sum")
    elif chart_type == "funnel":
        stages = list(STAGES[: rng.randint(4, len(STAGES))])
        weights = [0.55**i for i in range(len(stages))]
        data = [[s, rng.randint(50, 120)] for s in stages]  # stage order first
        data += [
            [rng.choices(stages, weights)[0], rng.randint(50, 120)]
            for _ in range(rows - len(stages))
        ]
        text = _csv_text(["stage", "people"], data)
        block += ["x: stage", "y: people", "aggregate: sum", "y_format: number"]
        facts.update(y="people", aggregate="sum")
    elif chart_type == "histogram":
        mean = rng.uniform(20, 200)
        data = [
            [i + 1, f"{max(0.5, rng.gauss(mean, mean / 3)):.2f}"] for i in range(rows)
        ]
        text = _csv_text(["order", "order_value"], data)
        block += ["x: order_value", "x_title: Order value ($)"]
        if rng.random() < 0.5:
            block.append(f"bins: {rng.randint(10, 40)}")
    else:  # pragma: no cover
        raise ValueError(chart_type)
    return text, block, facts


BIG_SHAPES = (
    # (type, block lines, y): clicks per day; signups per channel; weekly
    # revenue per channel, stacked.
    (
        "line",
        ["x: date", "y: clicks", "aggregate: sum", "y_format: number"],
        "clicks",
    ),
    (
        "bar",
        ["x: channel", "y: signups", "aggregate: sum", "sort: -signups"],
        "signups",
    ),
    (
        "area",
        [
            "x: week",
            "y: revenue",
            "group: channel",
            "aggregate: sum",
            "stack: true",
            "y_format: currency",
        ],
        "revenue",
    ),
)


def big_csv(rng: random.Random, rows: int) -> str:
    """Campaign events, one row each: two years of days, eight channels."""
    start = dt.date(2022, 1, 3)  # a Monday
    days = [start + dt.timedelta(days=i) for i in range(728)]
    day_text = [d.isoformat() for d in days]
    week_text = [(d - dt.timedelta(days=d.weekday())).isoformat() for d in days]
    campaigns = [f"cmp-{i:03d}" for i in range(40)]
    lines = ["date,week,channel,campaign,clicks,signups,revenue"]
    randrange, choice, random_ = rng.randrange, rng.choice, rng.random
    for _ in range(rows):
        d = randrange(728)
        clicks = randrange(1, 400)
        lines.append(
            f"{day_text[d]},{week_text[d]},{choice(CHANNELS)},{choice(campaigns)},"
            f"{clicks},{randrange(0, 12)},{random_() * clicks * 3:.2f}"
        )
    return "\n".join(lines) + "\n"


# --- posts --------------------------------------------------------------------------


def post_text(
    rng: random.Random,
    prose: Prose,
    *,
    number: int,
    total: int,
    title: str,
    slug: str,
    date: dt.datetime,
    chart_block: str | None,
) -> str:
    tags = rng.sample(TAGS, 3)
    category = rng.choice(CATEGORIES)
    head = [
        f"Title: {title}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        f"Slug: {slug}",
    ]
    if rng.random() < 0.5:
        head.append(f"Summary: {prose.sentence()} {prose.sentence()}")
    target = rng.randint(740, 860)
    sections = rng.randint(3, 4)
    body: list[str] = [prose.paragraph(rng.randint(3, 5))]
    list_kinds = rng.sample(("bullets", "numbers", None), 3)
    chart_section = rng.randrange(sections) if chart_block else -1
    link_paragraphs = set(rng.sample(range(sections * 2), 3))
    paragraph_index = 0
    for s in range(sections):
        body.append(f"## {prose.heading()}")
        for _ in range(2):
            paragraph = prose.paragraph(rng.randint(3, 6))
            if paragraph_index in link_paragraphs:
                paragraph += " " + link_sentence(rng, prose, number, total)
            body.append(paragraph)
            paragraph_index += 1
            if s == chart_section:
                body.append(chart_block)
                chart_section = -1
        kind = list_kinds[s] if s < len(list_kinds) else None
        if kind:
            items = [prose.sentence().rstrip(".?!") for _ in range(rng.randint(3, 6))]
            if kind == "bullets":
                body.append("\n".join(f"- {item}" for item in items))
            else:
                body.append(
                    "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
                )
    # Top up to the target length with closing paragraphs.
    while word_count("\n\n".join(body)) < target:
        body.append(prose.paragraph(rng.randint(2, 4)))
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def link_sentence(rng: random.Random, prose: Prose, number: int, total: int) -> str:
    if total > 1 and rng.random() < 0.6:
        other = rng.randrange(1, total + 1)
        if other == number:
            other = other % total + 1
        return (
            f"We wrote about [the {prose.noun()} before]"
            f"({{filename}}{post_file_name(other)}) too."
        )
    path = "/".join(prose.noun().replace(" ", "-") for _ in range(2))
    return f"See [this {prose.noun()} study](https://www.example.org/{path}/) as well."


def post_file_name(number: int) -> str:
    return f"post-{number:04d}.md"


CHART_FENCE = re.compile(r"^```chart\n.*?^```\n?", re.DOTALL | re.MULTILINE)


def strip_charts(markdown: str) -> str:
    """The post as vanilla Pelican gets it: every ```chart block removed."""
    return CHART_FENCE.sub("", markdown)


def chart_blocks(markdown: str) -> list[tuple[str, int]]:
    """(block body, file line of its first body line) of each ```chart block,
    numbered as plugins/charts/markdown_ext.py numbers them."""
    lines = markdown.split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```chart":
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        blocks.append(("\n".join(lines[i + 1 : end]), i + 2))
        i = end + 1
    return blocks


# --- the whole corpus ---------------------------------------------------------------


def write_corpus(
    folder: Path,
    *,
    posts: int = 1000,
    seed: int = DEFAULT_SEED,
    big_rows: int = BIG_ROWS,
    big_charts: int = BIG_CHARTS,
) -> Manifest:
    """Write site/, vanilla/ and manifest.json under ``folder`` (replaced)."""
    if posts < 2:
        raise ValueError("the corpus needs at least 2 posts (one is the reference)")
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    site = folder / "site"
    vanilla = folder / "vanilla"
    for path in (site / "posts", site / "data" / "bench", vanilla / "posts"):
        path.mkdir(parents=True)
    shutil.copytree(CONTENT / "pages", site / "pages")
    shutil.copytree(CONTENT / "pages", vanilla / "pages")
    shutil.copytree(CONTENT / "extra", site / "extra")

    rng = random.Random(seed)
    prose = Prose(rng)
    manifest = Manifest(seed=seed)

    # The reference post, as in the sample site, with its CSVs.
    reference = (CONTENT / "posts" / REFERENCE_POST).read_text("utf-8")
    write(site / "posts" / REFERENCE_POST, reference)
    write(vanilla / "posts" / REFERENCE_POST, strip_charts(reference))
    for name in REFERENCE_CSVS:
        shutil.copyfile(CONTENT / "data" / name, site / "data" / name)
    meta = dict(
        re.findall(r"^(\w+): (.*)$", reference.split("\n\n", 1)[0], re.MULTILINE)
    )
    manifest.posts.append(
        Post(
            file=f"posts/{REFERENCE_POST}",
            slug=meta["Slug"],
            date=meta["Date"],
            title=meta["Title"],
            words=word_count(strip_charts(reference)),
            charts=len(chart_blocks(reference)),
            reference=True,
        )
    )
    for body, _ in chart_blocks(reference):
        data = re.search(r"^data: /(.*)$", body, re.MULTILINE)[1]
        kind = re.search(r"^type: (.*)$", body, re.MULTILINE)[1]
        rows = (CONTENT / data).read_text("utf-8").strip().count("\n")
        manifest.charts.append(Chart(f"posts/{REFERENCE_POST}", data, kind, rows))

    generated = posts - 1
    chart_count = max(1, round(generated / 4))
    chart_posts = sorted(rng.sample(range(1, generated + 1), chart_count))
    big = set(chart_posts[: min(big_charts, len(chart_posts))])
    # At least one chart whose CSV edit (measure d) shows up verbatim.
    forced_line = next((n for n in chart_posts if n not in big), None)
    types, weights = zip(*CHART_TYPES, strict=True)
    big_index = 0
    for number in range(1, generated + 1):
        date = FIRST_DATE + dt.timedelta(days=number - 1, minutes=rng.randrange(600))
        title = prose.title()
        slug = f"{slugify(title)}-{number}"
        name = post_file_name(number)
        block = None
        chart: Chart | None = None
        if number in chart_posts:
            csv_name = f"data/bench/post-{number:04d}.csv"
            if number in big:
                kind, lines, y = BIG_SHAPES[big_index % len(BIG_SHAPES)]
                big_index += 1
                rows = big_rows + rng.randrange(0, max(1, big_rows // 5))
                text = big_csv(rng, rows)
                facts = {"y": y, "aggregate": "sum", "editable": False}
            elif number == forced_line:
                kind = "line"
                rows = rng.randint(*SMALL_ROWS)
                text, lines, facts = forced_editable_line(rng, rows)
            else:
                kind = rng.choices(types, weights)[0]
                rows = rng.randint(*SMALL_ROWS)
                text, lines, facts = small_chart(rng, kind, rows)
            write(site / csv_name, text)
            chart_title = f"{prose.noun().capitalize()} {kind} chart for post {number}"
            block_lines = [
                "```chart",
                f"data: /{csv_name}",
                f"type: {kind}",
                *lines,
                f"title: {chart_title}",
            ]
            if rng.random() < 0.6:
                block_lines.append(f"caption: {prose.sentence()}")
            if rng.random() < 0.4:
                block_lines.append("source: Illustrative data")
            block_lines.append("```")
            block = "\n".join(block_lines)
            chart = Chart(
                post=f"posts/{name}",
                csv=csv_name,
                type=kind,
                rows=rows,
                big=number in big,
                aggregate=facts["aggregate"],
                y=facts["y"],
                editable=facts["editable"],
            )
            manifest.charts.append(chart)
        text = post_text(
            rng,
            prose,
            number=number,
            total=generated,
            title=title,
            slug=slug,
            date=date,
            chart_block=block,
        )
        write(site / "posts" / name, text)
        write(vanilla / "posts" / name, strip_charts(text))
        manifest.posts.append(
            Post(
                file=f"posts/{name}",
                slug=slug,
                date=f"{date:%Y-%m-%d %H:%M}",
                title=title,
                words=word_count(strip_charts(text)),
                charts=1 if block else 0,
            )
        )
    write(folder / "manifest.json", manifest.to_json())
    return manifest


def forced_editable_line(rng: random.Random, rows: int):
    days = _dates(rng, rows)
    level = rng.uniform(100, 3000)
    data = []
    for day in days:
        level = max(1.0, level * rng.uniform(0.95, 1.06))
        data.append([day.isoformat(), round(level)])
    text = _csv_text(["date", "sessions"], data)
    facts = {"y": "sessions", "aggregate": None, "editable": True}
    return text, ["x: date", "y: sessions", "y_format: number"], facts


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the benchmark corpus.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--big-rows", type=int, default=BIG_ROWS)
    args = parser.parse_args(argv)
    manifest = write_corpus(
        args.folder, posts=args.posts, seed=args.seed, big_rows=args.big_rows
    )
    print(
        f"Wrote {len(manifest.posts)} posts and {len(manifest.charts)} charts "
        f"under {args.folder}"
    )


if __name__ == "__main__":
    main()
