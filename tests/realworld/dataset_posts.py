"""Public datasets that ship inside plotly.py, and the charts that fit each.

Each dataset becomes a post of its own whose chart blocks read the CSV file
exactly as the package ships it (decompressed, not one byte changed). The
values each chart plots are read back from the built page and compared with
what pandas computes from the same file (see oracle.py).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import plotly

DATASETS_DIR = Path(plotly.__file__).parent / "package_data" / "datasets"


@dataclass(frozen=True)
class Chart:
    """One chart block: its keys, in the order they are written."""

    dataset: str
    keys: tuple[tuple[str, object], ...]

    @property
    def spec(self) -> dict:
        return dict(self.keys)

    def block(self) -> str:
        lines = [f"data: /data/{self.dataset}.csv"]
        for key, value in self.keys:
            if isinstance(value, list | tuple):
                value = "[" + ", ".join(value) + "]"
            elif isinstance(value, bool):
                value = "true" if value else "false"
            lines.append(f"{key}: {value}")
        return "```chart\n" + "\n".join(lines) + "\n```\n"


def chart(dataset: str, **keys) -> Chart:
    return Chart(dataset, tuple(keys.items()))


# What each dataset is, and every chart type that fits it. Rows that repeat an
# x value are combined with `aggregate`, as an author would.
DATASETS: dict[str, str] = {
    "gapminder": "Life expectancy, population and GDP per capita of 142 "
    "countries, every five years from 1952 to 2007.",
    "tips": "244 restaurant bills with the tip, the day and the party size.",
    "iris": "Fisher's 150 iris flowers: sepal and petal sizes of three species.",
    "wind": "How often the wind blows from each direction, by strength.",
    "stocks": "Weekly closing prices of six tech stocks in 2018 and 2019, "
    "each relative to its first week.",
    "election": "Votes for three candidates in the 58 districts of the 2013 "
    "Montreal mayoral election.",
    "medals": "The Olympic short-track speed skating medal table of the top "
    "three nations, as of 2020.",
    "experiment": "Three hypothetical experiments on 100 simulated "
    "participants, in a control and a treatment group.",
    "carshare": "Car-sharing availability near the centres of 249 zones of "
    "Montreal over a month, with each zone's peak hour.",
}

CHARTS: list[Chart] = [
    # gapminder: 1,704 rows, one per country and survey year.
    chart(
        "gapminder",
        type="bar",
        x="continent",
        y="lifeExp",
        aggregate="mean",
        title="Mean life expectancy by continent, all years",
    ),
    chart(
        "gapminder",
        type="line",
        x="year",
        y="lifeExp",
        group="continent",
        aggregate="mean",
        title="Mean life expectancy by year and continent",
    ),
    chart(
        "gapminder",
        type="area",
        x="year",
        y="pop",
        group="continent",
        aggregate="sum",
        stack=True,
        title="World population by continent",
    ),
    chart(
        "gapminder",
        type="scatter",
        x="gdpPercap",
        y="lifeExp",
        title="GDP per capita against life expectancy, every country and year",
    ),
    chart(
        "gapminder",
        type="pie",
        x="continent",
        y="pop",
        aggregate="sum",
        title="Population summed over the twelve surveys",
    ),
    chart(
        "gapminder",
        type="donut",
        x="continent",
        aggregate="count",
        title="Observations per continent",
    ),
    chart(
        "gapminder",
        type="funnel",
        x="continent",
        aggregate="count",
        sort="-count",
        title="Observations per continent, most first",
    ),
    chart(
        "gapminder",
        type="bar",
        x="country",
        y="pop",
        aggregate="max",
        sort="-pop",
        limit=10,
        orientation="h",
        title="The ten most populous countries at their peak",
    ),
    chart("gapminder", type="histogram", x="lifeExp", title="Life expectancy"),
    chart(
        "gapminder",
        type="histogram",
        x="gdpPercap",
        group="continent",
        bins=20,
        title="GDP per capita, by continent",
    ),
    chart(
        "gapminder",
        type="table",
        x="country",
        y=["continent", "year", "lifeExp"],
        sort="-lifeExp",
        limit=15,
        title="The fifteen longest life expectancies",
    ),
    # tips: 244 bills.
    chart(
        "tips",
        type="bar",
        x="day",
        y="total_bill",
        aggregate="sum",
        title="Takings by day",
    ),
    chart(
        "tips",
        type="bar",
        x="day",
        y="tip",
        group="sex",
        aggregate="sum",
        stack=True,
        title="Tips by day and by the payer's sex",
    ),
    chart(
        "tips",
        type="bar",
        x="size",
        y=["total_bill", "tip"],
        aggregate="mean",
        title="Mean bill and tip by party size",
    ),
    chart(
        "tips",
        type="line",
        x="size",
        y="tip",
        aggregate="mean",
        title="Mean tip by party size",
    ),
    chart(
        "tips",
        type="scatter",
        x="total_bill",
        y="tip",
        group="smoker",
        title="Tip against bill, smokers and non-smokers",
    ),
    chart("tips", type="pie", x="day", aggregate="count", title="Bills per day"),
    chart(
        "tips",
        type="donut",
        x="time",
        y="total_bill",
        aggregate="sum",
        title="Takings at lunch and dinner",
    ),
    chart("tips", type="histogram", x="total_bill", title="Bills"),
    # iris: 150 flowers.
    chart(
        "iris",
        type="scatter",
        x="sepal_length",
        y="sepal_width",
        group="species",
        title="Sepal length and width by species",
    ),
    chart(
        "iris",
        type="bar",
        x="species",
        y=["sepal_length", "sepal_width", "petal_length", "petal_width"],
        aggregate="mean",
        title="Mean sizes by species",
    ),
    chart(
        "iris",
        type="histogram",
        x="petal_length",
        group="species",
        title="Petal length by species",
    ),
    chart("iris", type="pie", x="species", aggregate="count", title="Flowers"),
    # wind: 128 rows, one per direction and strength.
    chart(
        "wind",
        type="bar",
        x="direction",
        y="frequency",
        group="strength",
        stack=True,
        title="Wind frequency by direction and strength",
    ),
    chart(
        "wind",
        type="bar",
        x="direction",
        y="frequency",
        aggregate="sum",
        orientation="h",
        title="Wind frequency by direction",
    ),
    chart(
        "wind",
        type="donut",
        x="strength",
        y="frequency",
        aggregate="sum",
        title="Wind frequency by strength",
    ),
    chart("wind", type="table", title="The whole wind table"),
    # stocks: 105 weeks.
    chart("stocks", type="line", x="date", y="GOOG", title="Google, 2018 to 2019"),
    chart(
        "stocks",
        type="line",
        x="date",
        y=["GOOG", "AAPL", "AMZN", "FB", "NFLX", "MSFT"],
        title="Six stocks, 2018 to 2019",
    ),
    chart(
        "stocks",
        type="area",
        x="date",
        y=["AAPL", "MSFT"],
        stack=True,
        title="Apple and Microsoft, stacked",
    ),
    chart(
        "stocks",
        type="scatter",
        x="GOOG",
        y="AAPL",
        title="Google against Apple, week by week",
    ),
    chart("stocks", type="histogram", x="NFLX", title="Netflix's weekly prices"),
    chart(
        "stocks",
        type="table",
        x="date",
        y=["GOOG", "AAPL"],
        limit=8,
        title="The first eight weeks",
    ),
    # election: 58 districts.
    chart(
        "election",
        type="bar",
        x="district",
        y=["Coderre", "Bergeron", "Joly"],
        stack=True,
        title="Votes per district",
    ),
    chart(
        "election",
        type="bar",
        x="district",
        y="total",
        sort="-total",
        limit=10,
        orientation="h",
        title="The ten districts with the most votes",
    ),
    chart(
        "election",
        type="bar",
        x="winner",
        y="total",
        aggregate="sum",
        title="Votes cast in the districts each candidate won",
    ),
    chart(
        "election",
        type="pie",
        x="winner",
        aggregate="count",
        title="Districts won",
    ),
    chart(
        "election",
        type="donut",
        x="result",
        aggregate="count",
        title="Majorities and pluralities",
    ),
    chart(
        "election",
        type="scatter",
        x="Coderre",
        y="Joly",
        title="Coderre's votes against Joly's, per district",
    ),
    chart(
        "election", type="histogram", x="total", title="How many votes a district cast"
    ),
    chart("election", type="table", title="The whole election table"),
    # medals: 3 nations.
    chart(
        "medals",
        type="bar",
        x="nation",
        y=["gold", "silver", "bronze"],
        stack=True,
        title="Medals, stacked",
    ),
    chart(
        "medals",
        type="bar",
        x="nation",
        y=["gold", "silver", "bronze"],
        title="Medals, side by side",
    ),
    chart("medals", type="pie", x="nation", y="gold", title="Gold medals"),
    chart("medals", type="donut", x="nation", y="bronze", title="Bronze medals"),
    chart("medals", type="funnel", x="nation", y="gold", title="Gold, most first"),
    chart("medals", type="table", title="The medal table"),
    # experiment: 100 subjects.
    chart(
        "experiment",
        type="histogram",
        x="experiment_1",
        group="group",
        title="First measurement, control and treatment",
    ),
    chart(
        "experiment",
        type="bar",
        x="group",
        y="experiment_1",
        group="gender",
        aggregate="mean",
        title="Mean first measurement by group and gender",
    ),
    chart(
        "experiment",
        type="bar",
        x="gender",
        y=["experiment_1", "experiment_2", "experiment_3"],
        aggregate="median",
        title="Median of each measurement by gender",
    ),
    chart(
        "experiment",
        type="scatter",
        x="experiment_1",
        y="experiment_2",
        group="gender",
        title="First against second measurement",
    ),
    chart(
        "experiment",
        type="pie",
        x="group",
        aggregate="count",
        title="Participants per group",
    ),
    # carshare: 249 neighbourhoods.
    chart("carshare", type="histogram", x="car_hours", title="Car hours"),
    chart(
        "carshare",
        type="bar",
        x="peak_hour",
        y="car_hours",
        aggregate="sum",
        title="Car hours by peak hour",
    ),
    chart(
        "carshare",
        type="line",
        x="peak_hour",
        y="car_hours",
        aggregate="mean",
        title="Mean car hours by peak hour",
    ),
    chart(
        "carshare",
        type="bar",
        x="peak_hour",
        aggregate="count",
        title="Zones by peak hour",
    ),
    chart(
        "carshare",
        type="scatter",
        x="centroid_lon",
        y="centroid_lat",
        title="Where the zones are",
    ),
]


def charts_of(dataset: str) -> list[Chart]:
    return [c for c in CHARTS if c.dataset == dataset]


def csv_bytes(dataset: str) -> bytes:
    """The dataset's CSV file as the package ships it, decompressed."""
    return gzip.decompress((DATASETS_DIR / f"{dataset}.csv.gz").read_bytes())


def post_slug(dataset: str) -> str:
    return f"dataset-{dataset}"


def post_text(dataset: str, number: int) -> str:
    """A post about one dataset: a sentence, then each chart under a heading."""
    parts = [
        f"Title: The {dataset} dataset, charted\n"
        f"Date: 2024-05-{number:02d} 09:00\n"
        "Category: Datasets\n"
        f"Tags: public data, {dataset}\n"
        f"Slug: {post_slug(dataset)}\n"
        "\n"
        f"{DATASETS[dataset]} The file is plotly.py's `{dataset}` dataset, "
        "unchanged.\n"
    ]
    for item in charts_of(dataset):
        parts.append(f"\n## {item.spec['title']}\n\n{item.block()}")
    return "".join(parts)


def write_material(content: Path) -> None:
    """Every dataset into content/data/, and its post into content/posts/."""
    for number, dataset in enumerate(DATASETS, start=1):
        (content / "data" / f"{dataset}.csv").write_bytes(csv_bytes(dataset))
        (content / "posts" / f"{dataset}.md").write_text(
            post_text(dataset, number), "utf-8"
        )
