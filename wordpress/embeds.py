"""Embedded players and posts become link cards: a title and a link.

An iframe from YouTube, Vimeo, SlideShare, X and the like loads another
site's scripts and trackers, which the site's Content-Security-Policy
blocks (and axe faults an iframe without a title). A card loads nothing:

    <p class="embed-card"><a href="https://www.youtube.com/watch?v=ID">Title</a>
    <span class="embed-card__source">Video on YouTube</span></p>

The title is the one WordPress knew, when it did: the iframe's ``title``,
the block editor's caption, or the oEmbed answer WordPress cached in the
post's metadata (``_oembed_*``). Otherwise the card says what it links to.
"""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import html

from .elements import HEADINGS, remove_keeping_tail

# host pattern -> (provider, kind)
PROVIDERS = [
    (r"(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$", "YouTube", "Video"),
    (r"(^|\.)vimeo\.com$", "Vimeo", "Video"),
    (r"(^|\.)(twitter\.com|x\.com)$", "X (Twitter)", "Post"),
    (r"(^|\.)slideshare\.net$", "SlideShare", "Slides"),
    (r"(^|\.)soundcloud\.com$", "SoundCloud", "Audio"),
    (r"(^|\.)spotify\.com$", "Spotify", "Audio"),
    (r"(^|\.)instagram\.com$", "Instagram", "Post"),
    (r"(^|\.)facebook\.com$", "Facebook", "Post"),
    (r"(^|\.)dailymotion\.com$|^dai\.ly$", "Dailymotion", "Video"),
    (r"(^|\.)ted\.com$", "TED", "Talk"),
    (r"^gist\.github\.com$", "GitHub Gist", "Code"),
    (r"(^|\.)google\.[a-z.]+$", "Google", "Map"),
    (r"(^|\.)(flickr\.com|flic\.kr)$", "Flickr", "Photo"),
    (r"(^|\.)tiktok\.com$", "TikTok", "Video"),
    (r"(^|\.)speakerdeck\.com$", "Speaker Deck", "Slides"),
    (r"(^|\.)scribd\.com$", "Scribd", "Document"),
    (r"(^|\.)codepen\.io$", "CodePen", "Demo"),
    (r"(^|\.)(wordpress\.tv|videopress\.com)$", "WordPress.tv", "Video"),
    (r"(^|\.)archive\.org$", "Internet Archive", "Recording"),
    (r"(^|\.)mixcloud\.com$", "Mixcloud", "Audio"),
    (r"(^|\.)bandcamp\.com$", "Bandcamp", "Audio"),
    (r"(^|\.)kickstarter\.com$", "Kickstarter", "Project"),
    (r"(^|\.)reddit\.com$", "Reddit", "Post"),
    (r"(^|\.)imgur\.com$", "Imgur", "Image"),
    (r"(^|\.)tumblr\.com$", "Tumblr", "Post"),
    (r"(^|\.)issuu\.com$", "Issuu", "Document"),
    (r"(^|\.)(twitch\.tv)$", "Twitch", "Video"),
    (r"(^|\.)(loom\.com)$", "Loom", "Video"),
    (r"(^|\.)(polldaddy\.com|crowdsignal\.com)$", "Crowdsignal", "Poll"),
]
# Titles that players give every iframe: no better than none.
GENERIC_TITLES = re.compile(
    r"^(youtube video player|vimeo video player|video player|embedded content|"
    r"iframe|player|embed|untitled)$",
    re.IGNORECASE,
)
URL_ONLY = re.compile(r"^\s*(https?://\S+)\s*$")
YOUTUBE_ID = re.compile(r"^[\w-]{6,}$")


@dataclass(frozen=True)
class Card:
    url: str
    title: str | None
    provider: str
    kind: str

    @property
    def source(self) -> str:
        return f"{self.kind} on {self.provider}"


def provider_of(url: str) -> tuple[str, str] | None:
    host = (urlsplit(url).hostname or "").lower()
    for pattern, provider, kind in PROVIDERS:
        if re.search(pattern, host):
            if provider == "Google":
                path = urlsplit(url).path
                if "/maps" not in path and not host.startswith("maps."):
                    return provider, "Document"
                return "Google Maps", "Map"
            return provider, kind
    return None


def page_url(url: str, shortcode: str = "") -> str:
    """The address a reader should open for an embed's player address."""
    url = html_text.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    if shortcode in {"tweet", "twitter"} and url.isdigit():
        return f"https://twitter.com/i/status/{url}"
    if shortcode == "youtube" and YOUTUBE_ID.match(url):
        return f"https://www.youtube.com/watch?v={url}"
    if shortcode == "vimeo" and url.isdigit():
        return f"https://vimeo.com/{url}"
    if shortcode == "dailymotion" and YOUTUBE_ID.match(url):
        return f"https://www.dailymotion.com/video/{url}"
    if shortcode == "slideshare" and re.match(r"^\d+", url):
        number = re.match(r"^\d+", url).group()
        return f"https://www.slideshare.net/slideshow/embed_code/{number}"
    if shortcode == "gist" and re.fullmatch(r"[0-9a-f]{6,}", url):
        return f"https://gist.github.com/{url}"
    if not re.match(r"(?i)https?://", url):
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if re.search(r"(^|\.)(youtube\.com|youtube-nocookie\.com)$", host):
        match = re.match(r"^/(?:embed|v|shorts|live)/([\w-]+)", parts.path)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}"
        if "v" in query:
            return f"https://www.youtube.com/watch?v={query['v'][0]}"
    if host == "youtu.be" and parts.path.strip("/"):
        return f"https://www.youtube.com/watch?v={parts.path.strip('/')}"
    if host == "player.vimeo.com":
        match = re.match(r"^/video/(\d+)", parts.path)
        if match:
            return f"https://vimeo.com/{match.group(1)}"
    if host == "w.soundcloud.com" and "url" in query:
        return unquote(query["url"][0])
    if host == "open.spotify.com" and parts.path.startswith("/embed/"):
        return f"https://open.spotify.com/{parts.path[len('/embed/') :]}"
    if host.endswith("dailymotion.com"):
        match = re.match(r"^/embed/video/(\w+)", parts.path)
        if match:
            return f"https://www.dailymotion.com/video/{match.group(1)}"
    return url


def video_key(url: str) -> str:
    """What identifies a player across its addresses (watch, embed, short)."""
    parts = urlsplit(page_url(url) or url)
    query = parse_qs(parts.query)
    if "v" in query:
        return query["v"][0]
    return parts.path.rstrip("/").rsplit("/", 1)[-1]


def cached_titles(meta: dict[str, str]) -> dict[str, str]:
    """Titles from the oEmbed answers WordPress cached with the post."""
    titles = {}
    for key, value in meta.items():
        if not key.startswith("_oembed_") or key.startswith("_oembed_time_"):
            continue
        if "<" not in value:
            continue
        source = re.search(r"""src=["']([^"']+)""", value)
        title = re.search(r"""title=["']([^"']+)""", value)
        if source and title and not GENERIC_TITLES.match(title.group(1).strip()):
            titles[video_key(source.group(1))] = html_text.unescape(
                title.group(1).strip()
            )
    return titles


def card_for(url: str, title: str | None, shortcode: str = "") -> Card | None:
    address = page_url(url, shortcode)
    if not address:
        return None
    found = provider_of(address)
    if found is None:
        host = urlsplit(address).hostname or "another site"
        found = (host.removeprefix("www."), "Embedded content")
    provider, kind = found
    if title is not None:
        title = " ".join(title.split()) or None
        if title and GENERIC_TITLES.match(title):
            title = None
    return Card(address, title, provider, kind)


def card_element(card: Card):
    paragraph = html.Element("p")
    paragraph.set("class", "embed-card")
    link = html.Element("a")
    link.set("href", card.url)
    link.text = card.title or card.source
    paragraph.append(link)
    paragraph.append(html.Element("br"))
    source = html.Element("span")
    source.set("class", "embed-card__source")
    source.text = card.source if card.title else shorten(card.url)
    paragraph.append(source)
    return paragraph


def shorten(url: str) -> str:
    parts = urlsplit(url)
    shown = (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")
    if parts.query:
        shown += "?" + parts.query
    return shown if len(shown) <= 60 else shown[:57] + "..."


# What a block is lifted out of: a paragraph, a heading, or the inline
# markup around it inside one.
LIFTED_FROM = HEADINGS | frozenset(
    ["p", "span", "a", "em", "strong", "b", "i", "center", "font"]
)


def lift_out(element) -> None:
    """Move a block out of the paragraph (or heading) holding it, splitting
    that paragraph in two around it, so no <p> ever holds a block."""
    parent = element.getparent()
    while parent is not None and parent.tag in LIFTED_FROM:
        grand = parent.getparent()
        if grand is None:
            return
        after = html.Element(parent.tag, dict(parent.attrib))
        after.text = element.tail
        element.tail = None
        following = list(parent)[parent.index(element) + 1 :]
        for node in following:
            after.append(node)
        parent.remove(element)
        position = grand.index(parent)
        after.tail = parent.tail
        parent.tail = None
        grand.insert(position + 1, element)
        grand.insert(position + 2, after)
        for piece in (parent, after):
            if not len(piece) and not (piece.text or "").strip():
                remove_keeping_tail(piece)
        parent = element.getparent()


def replace_with_card(element, card: Card) -> None:
    new = card_element(card)
    new.tail = element.tail
    element.getparent().replace(element, new)
    lift_out(new)


def convert(root, meta: dict[str, str]) -> tuple[list[Card], list[str]]:
    """Replace every embed under ``root``; return the cards and the embeds
    that could not become one (no address at all)."""
    titles = cached_titles(meta)
    cards: list[Card] = []
    lost: list[str] = []

    def title_for(url: str, *candidates: str | None) -> str | None:
        for candidate in candidates:
            if candidate and not GENERIC_TITLES.match(candidate.strip()):
                return candidate
        return titles.get(video_key(url)) if url else None

    def swap(element, url: str, *titles_found: str | None, shortcode: str = "") -> None:
        card = card_for(url, title_for(url, *titles_found), shortcode)
        if card is None:
            lost.append(html.tostring(element, encoding="unicode")[:120])
            remove_keeping_tail(element)
            return
        cards.append(card)
        replace_with_card(element, card)

    for element in list(root.iter("wp-embed")):
        swap(element, element.get("url", ""), shortcode=element.get("shortcode", ""))
    # The block editor: <figure class="wp-block-embed ..."> holding
    # <div class="wp-block-embed__wrapper">URL</div> and a <figcaption>.
    for figure in list(
        root.xpath(
            "//figure[contains(concat(' ', normalize-space(@class), ' '), "
            "' wp-block-embed ')]"
        )
    ):
        wrapper = figure.xpath(".//*[contains(@class, 'wp-block-embed__wrapper')]")
        url = (wrapper[0].text_content().strip() if wrapper else "") or figure.get(
            "data-url", ""
        )
        iframe = figure.xpath(".//iframe/@src")
        caption = figure.xpath(".//figcaption")
        caption_text = caption[0].text_content().strip() if caption else None
        swap(figure, url or (iframe[0] if iframe else ""), caption_text)
    for frame in list(root.iter("iframe")):
        swap(
            frame, frame.get("src", "") or frame.get("data-src", ""), frame.get("title")
        )
    for thing in list(root.iter("object", "embed")):
        if thing.getparent() is None or thing.getparent().tag in {"object"}:
            continue
        url = thing.get("data") or thing.get("src") or ""
        if not url:
            params = thing.xpath(".//param[@name='movie' or @name='src']/@value")
            url = params[0] if params else ""
        if not url:
            inner = thing.xpath(".//embed/@src")
            url = inner[0] if inner else ""
        swap(thing, url)
    # A provider's address alone in its paragraph: WordPress embedded it.
    for paragraph in list(root.iter("p")):
        if len(paragraph):
            continue
        match = URL_ONLY.match(paragraph.text or "")
        if match and provider_of(match.group(1)):
            swap(paragraph, match.group(1))
    return cards, lost
