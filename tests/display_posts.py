"""Posts that show real data: tables as the CSV wrote them, histograms of
percentages and money, counts, and bar labels of every length. Shared by
test_charts_display.py (the HTML) and test_charts_display_browser.py
(Chromium)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from conftest import ROOT, build_site, new_content
from real_data import dataset_rows, dataset_text, tips_as_exported, write_csv

# The cells of the issue: what an email tool exports. "9.5%" sorts after
# "55.0%" as text and before it as a number.
CAMPAIGNS = (
    "campaign,open_rate,unsub_rate,revenue,note\n"
    'Spring sale,41.2%,0.8%,"$4,210.50",best month\n'
    'Welcome series,55.0%,0.2%,"$1,980.00",<img src=x onerror="window.__x=1">\n'
    "Win-back,18.7%,1.9%,$312.25,R&D <b>test</b>\n"
    "Reactivation,9.5%,2.4%,$88.00,\n"
)

TABLES = """\
Title: Tables as written
Date: 2024-02-01 10:00
Category: Tests
Slug: tables-as-written

```chart
data: /data/campaigns.csv
type: table
title: Campaign results
caption: Three months of sends.
```

```chart
data: /data/campaigns.csv
type: table
y: [open_rate, revenue]
sort: -open_rate
limit: 3
```

```chart
data: /data/election.csv
type: table
title: Montreal 2013, votes by district
source: City of Montreal open data
```

```chart
data: /data/oceania.csv
type: table
title: Oceania in the Gapminder data
```

```chart
data: /data/fractions.csv
type: table
y_format: percent
title: Fractions shown as percentages
```
"""

HISTOGRAMS = """\
Title: Histograms in their unit
Date: 2024-02-02 10:00
Category: Tests
Slug: histograms-in-their-unit

```chart
data: /data/tips.csv
type: histogram
x: tip_rate
title: Tips as a share of the bill
```

```chart
data: /data/tips.csv
type: histogram
x: bill
title: Bills
```

```chart
data: /data/oceania.csv
type: histogram
x: lifeExp
bins: 12
title: Life expectancy in Oceania
```

```chart
data: /data/oceania.csv
type: bar
x: year
aggregate: count
title: Countries per year
```

```chart
data: /data/tips.csv
type: bar
x: day
y: tip_rate
aggregate: mean
title: Mean tip by day
```

```chart
data: /data/campaigns.csv
type: bar
x: campaign
y: unsub_rate
title: Unsubscribe rate by campaign
```
"""

BARS = """\
Title: Bar labels
Date: 2024-02-03 10:00
Category: Tests
Slug: bar-labels

```chart
data: /data/signups-per-hour.csv
type: bar
orientation: h
x: activity
y: signups_per_hour
sort: -signups_per_hour
title: Signups per hour, across
```

```chart
data: /data/signups-per-hour.csv
type: bar
x: activity
y: signups_per_hour
title: Signups per hour, upright
```

```chart
data: /data/richest.csv
type: bar
orientation: h
x: country
y: gdpPercap
y_format: currency
title: GDP per capita, 2007, the ten highest
```

```chart
data: /data/europe.csv
type: bar
x: country
y: lifeExp
title: Life expectancy, 2007, twelve countries
```

```chart
data: /data/life-change.csv
type: bar
x: country
y: change
title: Change in life expectancy, 2002 to 2007
```

```chart
data: /data/life-change.csv
type: bar
orientation: h
x: country
y: change
title: Change in life expectancy, across
```

```chart
data: /data/tips.csv
type: bar
x: day
y: tip_rate
aggregate: mean
title: Mean tip by day
```
"""

# Series told apart by a legend, over tick labels Plotly turns and lengthens:
# 58 district names, stacked.
LEGENDS = """\
Title: Legends
Date: 2024-02-04 10:00
Category: Tests
Slug: legends

```chart
data: /data/election.csv
type: bar
x: district
y: [Coderre, Bergeron, Joly]
stack: true
title: Votes by district, stacked
```

```chart
data: /data/election.csv
type: line
x: district_id
y: [Coderre, Bergeron, Joly]
title: Votes by district number
```
"""

SLUGS = {
    "tables": "tables-as-written",
    "histograms": "histograms-in-their-unit",
    "bars": "bar-labels",
}


def gapminder(where) -> list[dict[str, str]]:
    return [row for row in dataset_rows("gapminder") if where(row)]


def write_data(data: Path) -> None:
    (data / "campaigns.csv").write_text(CAMPAIGNS, "utf-8")
    election = dataset_text("election")
    (data / "election.csv").write_text(election, "utf-8")
    header = next(csv.reader(io.StringIO(dataset_text("gapminder"))))
    oceania = gapminder(lambda row: row["continent"] == "Oceania")
    write_csv(data / "oceania.csv", header, [list(r.values()) for r in oceania])
    write_csv(
        data / "fractions.csv",
        ["country", "share_of_world_pop"],
        [["Australia", "0.0031"], ["New Zealand", "0.0006"]],
    )
    tips_as_exported(data / "tips.csv")
    shutil.copy(ROOT / "content" / "data" / "signups-per-hour.csv", data)
    latest = gapminder(lambda row: row["year"] == "2007")
    richest = sorted(latest, key=lambda r: -float(r["gdpPercap"]))[:10]
    write_csv(
        data / "richest.csv",
        ["country", "gdpPercap"],
        [[r["country"], r["gdpPercap"]] for r in richest],
    )
    europe = [r for r in latest if r["continent"] == "Europe"][:12]
    write_csv(
        data / "europe.csv",
        ["country", "lifeExp"],
        [[r["country"], r["lifeExp"]] for r in europe],
    )
    # Southern Africa: life expectancy fell in some countries and rose in
    # others, so bars go both ways from zero.
    before = {
        r["country"]: float(r["lifeExp"])
        for r in gapminder(lambda row: row["year"] == "2002")
    }
    south = ["Botswana", "Lesotho", "Namibia", "South Africa", "Swaziland", "Zambia"]
    write_csv(
        data / "life-change.csv",
        ["country", "change"],
        [
            [r["country"], f"{float(r['lifeExp']) - before[r['country']]:.3f}"]
            for r in latest
            if r["country"] in south
        ],
    )


def build_display_site(folder: Path) -> Path:
    """The posts and their data, built as `invoke build` builds."""
    content = new_content(folder)
    write_data(content / "data")
    posts = {
        "tables": TABLES,
        "histograms": HISTOGRAMS,
        "bars": BARS,
        "legends": LEGENDS,
    }
    for name, text in posts.items():
        (content / "posts" / f"{name}.md").write_text(text, "utf-8")
    output = folder / "output"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
    return output


def page_path(output: Path, name: str) -> Path:
    return next(output.glob(f"2024/02/{SLUGS[name]}/index.html"))
