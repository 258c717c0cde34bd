"""The tools a CMS sets into a page's text, one line each: a view counter, the feedback widget, a
share bar, a link back to the top, the page's tags, steps through a list, stand-ins for images,
maps and buttons. They are about the page, or act on it, and say nothing of its subject. Each
pattern below is a widget found on the tuning corpus's sites, in the wording CMSs ship it with,
which recurs from site to site; so a tool that stands on one page only, which learning what a site
repeats cannot find, is still known. Patterns stay narrow where a page's own text could match them
("Del 1: Ansøgning via e-mail" is a heading, "«…»" a quotation).

And the runs of lines such tools make: a box of links under a label that points to other pages
("Se også", "Relaterede sider", "Mest læste") over those pages' titles, a list's filter, a rating's
answers.
"""
from __future__ import annotations

import re

from .metadata import is_date_line

# A link's address as a print stylesheet writes it after the link's words: "Læs mere (https://…)".
_PRINTED_ADDRESS = re.compile(r"\s*\((?:https?://|www\.)[^()\s]*\)")


def without_addresses(line: str) -> str:
    """A line as the page shows it on screen: without the addresses a printout writes after links.
    The recognisers below read lines so; the line kept is the one that stands on the page."""
    return _PRINTED_ADDRESS.sub("", line)


# How often the page was shown, as the CMS counts it: "Visninger: 1.142", "1.142 visninger", "Siden er
# vist 5.840 gange".
_VIEW_COUNT = re.compile(r"^(?:(?:antal\s+)?(?:side)?visninger\s*:?\s*[\d.]+|[\d.]+\s+(?:side)?visninger"
                         r"|(?:siden|denne side)\s+er\s+(?:blevet\s+)?(?:vist|læst|set)\s+[\d.]+\s+gange)\.?$", re.I)


def is_view_count(line: str) -> bool:
    """A counter of the page's views: the CMS's, not the page's text."""
    return bool(_VIEW_COUNT.match(line.strip()))


# What a text browser or a word processor writes in place of an image, a logo link or a button
# ("[Billede: Luftfoto af udstykningen]", w3m's "[Søg]", lynx's "[IMG]"): a line wholly in square
# brackets. A reader sees a picture or a control there, never a sentence.
_PLACEHOLDER = re.compile(r"^\[[^\[\]]{1,120}\]$")


def is_placeholder(line: str) -> bool:
    """A scraped page's stand-in for an image or a control, not text."""
    return bool(_PLACEHOLDER.match(line.strip()))


# The feedback widget's question about the page itself ("Var siden nyttig?", "Fandt du det, du
# søgte?", "Fik du svar på dit spørgsmål?"), its thanks once answered ("Tak for din tilbagemelding."),
# and the byline that names who keeps the page ("Ansvarlig: Visitationen", "Redaktør: …", "Skrevet
# af: …"): what the CMS says about the page, not its text.
_PAGE_FEEDBACK = re.compile(r"^(?:var|er|fandt|fik|hjalp|kunne|hvor\s+tilfreds)\b[^.!?]{0,60}"
                            r"\b(?:siden|denne side|søgte|svar(?:ene)?)\b[^.!?]{0,25}\?$", re.I)
_FEEDBACK_THANKS = re.compile(r"^tak for (?:din|jeres) (?:tilbagemelding|feedback|vurdering|besvarelse)\b", re.I)
_PAGE_BYLINE = re.compile(r"^(?:ansvarlig(?: redaktør)?|redaktør|skrevet af|forfatter)\s*:\s*[^.!?]{1,60}$", re.I)


def is_about_the_page(line: str) -> bool:
    """A line about the page rather than of it: the feedback widget's question and thanks, the
    page's byline."""
    line = line.strip()
    return bool(_PAGE_FEEDBACK.match(line) or _FEEDBACK_THANKS.match(line) or _PAGE_BYLINE.match(line))


# A share bar is nothing but the words of sharing and where to ("Del på Facebook", "Del siden:
# Facebook LinkedIn E-mail Kopiér link", "Send som e-mail"): "Del 1: Ansøgning via e-mail" is text.
_SHARE_WORDS = frozenset("del deling på via siden denne side artiklen nyheden send som pr pr. kopiér kopier link".split())
_SHARE_TARGETS = frozenset("facebook linkedin twitter x instagram messenger e-mail email mail sms print".split())
# The link back to the top of the page: "Til toppen", "Tilbage til toppen", "↑ Til top".
_TO_TOP = re.compile(r"^\W*(?:tilbage\s+)?til\s+(?:toppen|top|sidens top)\W*$", re.I)
# The page's tags or categories as a line of terms: "Tags: trivsel, skole", "Emneord: Natur",
# "Kategori: Kultur og fritid".
_TAGS = re.compile(r"^(?:tags?|emner|emneord|nøgleord|kategori|kategorier)\s*:\s*[^.!?]{1,120}$", re.I)


# A row of the page's tools, or one of them: "Lyt Udskriv Del", "Udskriv denne side", "Læs op".
_TOOL = (r"(?:lyt(?:\s+(?:med|til\s+(?:siden|teksten|indholdet|artiklen|denne\s+side)))?|læs\s+op"
         r"|læs\s+(?:siden|teksten)\s+højt|udskriv(?:\s+(?:siden|denne\s+side))?|print(?:\s+(?:siden|denne\s+side))?|del"
         r"|(?:gem|download)(?:\s+(?:siden|denne\s+side))?\s+(?:som\s+)?pdf|tekststørrelse|større\s+skrift|skift\s+kontrast)")
_TOOL_ROW = re.compile(rf"^(?:{_TOOL}\s*[|·•]?\s*)+$", re.I)
# A list's step to the next or the previous page ("Næste side", "« Forrige", "Sidste »", and the
# article's "« Forrige: Skoleindskrivning"), or to more of it ("Indlæs flere", "Vis flere nyheder",
# "Se ældre nyheder", "Nyhedsarkiv 2025").
_PAGE_STEP = re.compile(r"^[«‹<]?\s*(?:forrige|næste|første|sidste)\s+side\s*[»›>]?$"
                        r"|^[«‹<←]\s*(?:forrige|første|næste|sidste)\b[^.!?]{0,60}$"
                        r"|^(?:forrige|første|næste|sidste)\b[^.!?]{0,20}[»›>→]$"
                        r"|^(?:indlæs|vis|se|hent)\s+flere(?:\s+[^\W\d_]+)?$"
                        r"|^(?:se\s+)?(?:alle|ældre|flere|tidligere)\s+(?:nyheder|arrangementer|artikler|begivenheder"
                        r"|pressemeddelelser)$|^(?:nyheds)?arkiv(?:\s+\d{4})?$", re.I)
# An image's credit and a map's or a site's copyright: "Foto: Colourbox", "Kortdata © OpenStreetMap".
_CREDIT = re.compile(r"^(?:foto|fotograf|billede|illustration|grafik)\s*:\s*[^.!?]{1,60}$|^[^.!?]{0,30}©[^.!?]{0,60}$",
                     re.I)
# A FAQ's button under each question: "Vis svar", "Skjul svaret".
_ANSWER_TOGGLE = re.compile(r"^(?:vis|skjul|åbn|luk|fold\s+ud)\s+svar(?:et)?$", re.I)
# A link back to where the visitor came from: "Tilbage", "Tilbage til oversigten".
_BACK = re.compile(r"^[←‹«<]?\s*tilbage(?:\s+til\s+(?:forsiden|oversigten|listen|nyhederne|forrige\s+side"
                   r"|søgeresultat(?:et|erne)?))?$", re.I)
# A mobile layout's arrow back to the page above, where a breadcrumb would stand: "‹ Forside". Not
# "«", which opens a quotation.
_BACK_ARROW = re.compile(r"^[←‹]\s*([^\W\d_][^.!?:»«]{0,40})$")
# A list's feed or newsletter: "Abonnér på nyheder", "RSS-feed med nyheder", "Tilmeld nyhedsbrev".
_SUBSCRIBE = re.compile(r"^(?:abonn[eé]r\b[^.!?]{0,40}|[^.!?]{0,30}\brss\b[^.!?]{0,30}"
                        r"|[^.!?]{0,40}\bnyhedsbrev(?:et)?\b[^.!?]{0,20}|få\s+nyheder\s+(?:på|pr\.?)\s+e-?mail)$", re.I)
# A byline that names the department that wrote the page: "Af Natur og Miljø".
_BY_DEPARTMENT = re.compile(r"^[Aa]f\s+[A-ZÆØÅ][^.!?]{1,60}$")
# An embedded map or video the consent banner holds back, and its buttons: "Kortet kan ikke vises,
# fordi du ikke har accepteret cookies", "Acceptér og vis kort", "Kortet indlæses …".
_HELD_BACK = re.compile(r"\b(?:kan ikke (?:vises|afspilles)|vises ikke|kræver|før du)\b", re.I)
_EMBED = re.compile(r"\b(?:kort(?:et)?|google maps|video(?:en)?|indholdet)\b", re.I)
_MAP_BUTTON = re.compile(r"^(?:accept[eé]r\s+og\s+)?vis\s+(?:på\s+)?kort(?:et)?$|^kortet\s+indlæses\W*$"
                         r"|^(?:få\s+)?rutevejledning$|^afspil\s+video(?:en)?$|^(?:tillad|accept[eé]r)\s+[\w-]*cookies$"
                         r"|^klik\s+her\s+for\s+at\s+(?:åbne|se|vise)\s+kortet\.?$"
                         r"|^(?:skift|ret)\s+(?:dine\s+)?cookie-?indstillinger$", re.I)
# An event's button: "Tilføj til kalender".
_BUTTON = re.compile(r"^(?:tilføj|føj)\s+til\s+(?:din\s+|min\s+)?kalender$", re.I)


def back_link(line: str) -> str | None:
    """The page a mobile layout's arrow back names ("‹ Forside" → "Forside"), None for any other line."""
    arrow = _BACK_ARROW.match(line.strip())
    return arrow.group(1) if arrow else None


def is_list_step(line: str) -> bool:
    """A list's step to another page of it or to more of it ("Næste side »", "Indlæs flere")."""
    return bool(_PAGE_STEP.match(line.strip()))


def is_held_back_embed(line: str) -> bool:
    """What stands where a map or a video waits for the visitor's consent to cookies."""
    return bool(_MAP_BUTTON.match(line.strip())) or (
        "cookie" in line.lower() and bool(_HELD_BACK.search(line)) and bool(_EMBED.search(line)))


def is_share_bar(line: str) -> bool:
    """A share bar's buttons, or one of them: the verb "del" (or "send som mail") and where to, and
    no other word."""
    words = [word.strip(":,|·•").lower() for word in line.split()]
    words = [word for word in words if word]
    if words == ["del"]:
        return True
    return (bool(words) and words[0] in ("del", "send") and any(word in _SHARE_TARGETS for word in words)
            and all(word in _SHARE_WORDS or word in _SHARE_TARGETS for word in words))


def is_page_tool(line: str) -> bool:
    """A tool of the CMS on a line of its own: a view counter, the feedback widget, a byline, a
    share bar, the link back to the top, the page's tags, a row of tools (listen, print), a list's
    step to the next page or to more of it, its feed, a map or video held back for consent to
    cookies, an event's add-to-calendar button, an image's credit, a FAQ's show-answer button, a
    link back."""
    line = line.strip()
    if len(line) > MAX_TOOL_CHARS:  # a paragraph of text, no tool: most lines of a page, skipped at once
        return False
    return (is_view_count(line) or is_about_the_page(line) or is_share_bar(line) or is_held_back_embed(line)
            or bool(_ONE_LINE_TOOLS.match(line)) or bool(_BY_DEPARTMENT.match(line)))


# The one-line tools above as one pattern (each is anchored at both ends), matched once per line.
_ONE_LINE_TOOLS = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in (
    _TO_TOP, _TAGS, _TOOL_ROW, _PAGE_STEP, _SUBSCRIBE, _BUTTON, _CREDIT, _ANSWER_TOGGLE, _BACK, _BACK_ARROW)), re.I)
# No tool's line is longer (a consent notice where a map stands is the longest).
MAX_TOOL_CHARS = 240


# The label of a box of links to other pages: "Se også", "Læs også:", "Relaterede sider", "Relateret
# indhold", "Mest læste", "Populære nyheder", "Selvbetjening".
_LINKS_LABEL = re.compile(r"^(?:(?:se|læs)\s+også|relater(?:et|ede)\s+[^\W\d_]+|mest\s+(?:læste|sete|besøgte)"
                          r"|(?:mest\s+)?populære\s+[^\W\d_]+|(?:nyheds)?arkiv|genveje|selvbetjening)"
                          r"\s*:?$", re.I)
# The press contact's label: a box beside a list of news (dated items above it); on a contact page
# the press's phone is the page's own.
_PRESS_LABEL = re.compile(r"^(?:presse(?:kontakt|henvendelser)?|kontakt\s+(?:til\s+)?pressen)\s*:?$", re.I)
# A list of news has this many dated items above its press contact at least.
MIN_DATED_ITEMS = 3
# A box's entry is another page's title: a heading's length at most.
MAX_ENTRY_CHARS = 80
# A box lists this many pages at most.
MAX_BOX_ENTRIES = 10


def _is_entry(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= MAX_ENTRY_CHARS and not line.endswith((".", "!", ":", ";", ","))


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", ":"))


def link_boxes(lines: list[str], paragraph: list[int]) -> set[int]:
    """Which of a scraped page's ``lines`` (in order; ``paragraph`` says which paragraph each is in)
    are boxes of links: a label that points to other pages, and under it the pages' titles. The box
    is its paragraph when that holds the label and entries only; else (one line a paragraph, or no
    blank lines at all) it ends before the first line that heads text of its own, a line right
    above a sentence."""
    boxed: set[int] = set()
    for at, line in enumerate(lines):
        press = _PRESS_LABEL.match(line.strip()) and sum(map(is_date_line, lines[:at])) >= MIN_DATED_ITEMS
        if not (_LINKS_LABEL.match(line.strip()) or press):
            continue
        # The box is a paragraph of its own: the label and, under it, nothing but entries.
        rest = [n for n in range(at + 1, len(lines)) if paragraph[n] == paragraph[at]]
        own = bool(rest) and rest[-1] - at <= MAX_BOX_ENTRIES and all(_is_entry(lines[n]) for n in rest)
        entries = []
        for n in range(at + 1, min(len(lines), at + 1 + MAX_BOX_ENTRIES)):
            if own and paragraph[n] != paragraph[at]:
                break
            heads_text = not own and n + 1 < len(lines) and _is_sentence(lines[n + 1])
            if not _is_entry(lines[n]) or heads_text:
                break
            entries.append(n)
        if entries:
            boxed |= {at, *entries}
    return boxed


# A select's option that takes every kind of what a list shows: "Alle emner", "- Alle -".
_ALL_OF_KIND = re.compile(r"^(?:alle|all)\s+[^\W\d_]+$|^[-–]\s*(?:alle|all)\s*[-–]$", re.I)
# A whole filter on one line: a label, every kind, and the other kinds or facets beside it ("Filtrer
# efter emne: Alle · Trafik · Skole", "Emne: Alle emner År: 2026 Vis").
_FILTER_LINE = re.compile(r"^[^\W\d_][^.!?:]{0,30}:\s*(?:alle|all)\b[^.!?]*$", re.I)
# A filter's label or option is this short, and a filter this many lines long, at most.
MAX_FILTER_LABEL_CHARS = 40
MAX_FILTER_RUN = 20
# A list shows its items' categories when this many of them have one above the headline.
MIN_CATEGORISED = 3


def is_every_kind_option(line: str) -> bool:
    """A list filter's option that takes every kind ("Alle emner", "Alle år", "- Alle -")."""
    return bool(_ALL_OF_KIND.match(line.strip()))


def _heads(lines: list[str], n: int) -> bool:
    """Whether line ``n`` heads something: a date under it (a list item's headline) or a sentence."""
    return n + 1 < len(lines) and (is_date_line(lines[n + 1]) or _is_sentence(lines[n + 1]))


def _is_label(lines: list[str], n: int) -> bool:
    """A short line, no sentence nor date, that heads nothing."""
    line = lines[n].strip()
    return (0 < len(line) <= MAX_FILTER_LABEL_CHARS and not line.endswith((".", "!", "?")) and not is_date_line(line)
            and not _heads(lines, n))


def _above_headline(lines: list[str], n: int) -> bool:
    """Whether line ``n`` stands right above a list item's headline (a line over a date)."""
    return n + 2 < len(lines) and is_date_line(lines[n + 2]) and not is_date_line(lines[n + 1])


def list_filters(lines: list[str]) -> set[int]:
    """Which of a page's ``lines`` (in order) are a list's filter as a scraper copies it: around an
    option that takes every kind ("Alle emner"), the run of short labels and options, no sentence
    nor date nor a line that heads one ("Vis nyheder om", "Alle emner", "Sorter efter", "Nyeste
    først"); or a whole filter on one line."""
    found: set[int] = set()
    options = [at for at, line in enumerate(lines) if is_every_kind_option(line) and not _heads(lines, at)]
    # A list whose items show their category above the headline: the first item's category is no
    # option of the filter above it. (Counted only on a page with a filter to read.)
    categorised = bool(options) and sum(
        1 for n in range(len(lines)) if _is_label(lines, n) and _above_headline(lines, n)) >= MIN_CATEGORISED

    def is_filter_label(n: int) -> bool:
        return _is_label(lines, n) and not (categorised and _above_headline(lines, n))

    found |= {at for at, line in enumerate(lines) if len(line) <= 2 * MAX_FILTER_LABEL_CHARS + 40
              and _FILTER_LINE.match(line.strip()) and (line.count("·") + line.count("|") >= 2 or line.count(":") >= 2)}
    for at in options:
        low = high = at
        while low > 0 and at - low < MAX_FILTER_RUN and is_filter_label(low - 1):
            low -= 1
        while high + 1 < len(lines) and high - low < MAX_FILTER_RUN and is_filter_label(high + 1):
            high += 1
        found |= set(range(low, high + 1))
    return found


# A rating's answers are this short, and this many, at most.
MAX_OPTION_CHARS = 40
MAX_OPTIONS = 6


def feedback_widgets(lines: list[str]) -> set[int]:
    """Which of a page's ``lines`` are its feedback widget's answers: the short lines, no
    sentence, right under the widget's question ("Ja, tak", "Nej, ikke helt", "Meget tilfreds",
    "Send vurdering"), and a field's hint ending "(valgfrit)"."""
    found: set[int] = set()
    for at, line in enumerate(lines):
        if not _PAGE_FEEDBACK.match(line.strip()):
            continue
        for n in range(at + 1, min(len(lines), at + 1 + MAX_OPTIONS)):
            option = lines[n].strip()
            # An answer has no number and heads no text: a heading and a phone line after the widget
            # are the page's.
            if option.lower().endswith("(valgfrit)") or (
                    len(option) <= MAX_OPTION_CHARS and not option.endswith((".", "!", "?", ":"))
                    and not any(c.isdigit() for c in option) and not _heads(lines, n)
                    and not (n + 1 < len(lines) and any(c.isdigit() for c in lines[n + 1]))):
                found.add(n)
            else:
                break
    return found
