"""Production settings: what `invoke preview` and `invoke publish` use."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = PUBLIC_SITEURL  # noqa: F405
RELATIVE_URLS = False

# A publish build starts from nothing: no stale pages, no stale cache.
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False

# Any logged error (a chart error among them) fails a publish build, after
# the build has listed them all; a development build shows an error box in
# place of a broken chart and carries on.
FAIL_ON_ERRORS = True

# A column that looks like personal data in a published table or raw CSV
# fails a publish build (pelicanconf.py: PERSONAL_DATA_ALLOWED lets one by).
PERSONAL_DATA = "refuse"

# Posts dated after the build's now wait for their date: no page, listing,
# feed or sitemap entry until then (pelicanconf.py: BUILD_NOW).
SCHEDULED_POSTS = "hold"

# Drafts are not written, so not deployed; True deploys them to drafts/
# (unlisted, but readable by anyone with the address).
PUBLISH_DRAFTS = False
