"""robots.txt read as RFC 9309 says: wildcards, ``$``, the longest match, Allow on a tie, and the
user-agent groups, for our product token ``Kommunesoeg`` and for the RFC's own examples.

Each case is (robots.txt, product token, URL, allowed?); ``CASES`` is plain data so the same table can
be run against another parser to compare answers."""
from __future__ import annotations

import pytest

from crawl.crawler import PRODUCT
from crawl.robots import parse_robots

SITE = "https://gladsaxe.dk"

SORT = "User-agent: *\nDisallow: /*?sort=\n"
PDF = "User-agent: *\nDisallow: /*.pdf$\n"
AFFALD = "User-agent: *\nDisallow: /borger\nAllow: /borger/affald\n"
TIE_DISALLOW_FIRST = "User-agent: *\nDisallow: /politik\nAllow: /politik\n"
TIE_ALLOW_FIRST = "User-agent: *\nAllow: /politik\nDisallow: /politik\n"
OURS_AND_STAR = ("User-agent: *\nDisallow: /\n\n"
                 "User-agent: Kommunesoeg\nDisallow: /intern/\n")
OURS_IN_CAPITALS = "User-agent: *\nDisallow: /\n\nuser-agent: KOMMUNESOEG\nDisallow: /intern/\n"
OURS_TWICE = ("User-agent: Kommunesoeg\nDisallow: /intern/\n\n"
              "User-agent: *\nDisallow: /kultur/\n\n"
              "User-agent: kommunesoeg\nDisallow: /erhverv/\n")
OURS_AMONG_OTHERS = "User-agent: Googlebot\nUser-agent: Kommunesoeg\nDisallow: /intern/\n"
OTHERS_ONLY = "User-agent: Googlebot\nDisallow: /\n"

# RFC 9309 section 5.1 ("Simple Example") and 5.2 ("Longest Match"), verbatim rules.
RFC_SIMPLE = """User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
"""
RFC_LONGEST = """User-Agent: foobot
Allow: /example/page/
Disallow: /example/page/disallowed.gif
"""
# RFC 9309 section 2.2.3: "$" ends the pattern, "*" stands for any characters.
RFC_DOLLAR = "User-agent: *\nDisallow: /\nAllow: /this/path/exactly$\n"
RFC_STAR = "User-agent: *\nDisallow: /\nAllow: /this/*/exactly\n"
# RFC 9309 section 2.2.2: characters outside ASCII are compared percent-encoded as UTF-8.
RFC_ENCODED = "User-agent: *\nDisallow: /foo/bar/ツ\n"

CASES = [
    # name, robots.txt, product token, URL, allowed?
    ("wildcard query blocks the sorted search", SORT, PRODUCT, "/soeg?sort=asc", False),
    ("wildcard query blocks sorting on any page", SORT, PRODUCT, "/borger/nyheder?sort=dato", False),
    ("wildcard query leaves sort as a later parameter", SORT, PRODUCT, "/soeg?q=affald&sort=asc", True),
    ("wildcard query leaves the unsorted search", SORT, PRODUCT, "/soeg?q=affald", True),
    ("$ blocks the pdf", PDF, PRODUCT, "/a.pdf", False),
    ("$ blocks a pdf deeper down", PDF, PRODUCT, "/borger/skema.pdf", False),
    ("$ leaves the pdf with a query (the query is part of the match)", PDF, PRODUCT, "/a.pdf?x=1", True),
    ("$ leaves a longer name", PDF, PRODUCT, "/a.pdfx", True),
    ("longer Allow after Disallow allows its path", AFFALD, PRODUCT, "/borger/affald", True),
    ("longer Allow after Disallow allows below its path", AFFALD, PRODUCT, "/borger/affald/genbrug", True),
    ("longer Allow after Disallow still refuses the rest", AFFALD, PRODUCT, "/borger/x", False),
    ("equal Allow and Disallow: Allow wins (Disallow first)", TIE_DISALLOW_FIRST, PRODUCT, "/politik/udvalg", True),
    ("equal Allow and Disallow: Allow wins (Allow first)", TIE_ALLOW_FIRST, PRODUCT, "/politik/udvalg", True),
    ("our group, not *, decides for us", OURS_AND_STAR, PRODUCT, "/borger/parkering", True),
    ("our group's own rule holds", OURS_AND_STAR, PRODUCT, "/intern/løn", False),
    ("* decides for other crawlers", OURS_AND_STAR, "Googlebot", "/borger/parkering", False),
    ("our token is matched case-insensitively", OURS_IN_CAPITALS, PRODUCT, "/borger/parkering", True),
    ("our token in capitals: its rule holds", OURS_IN_CAPITALS, PRODUCT, "/intern/", False),
    ("our two groups are merged: the first one's rule", OURS_TWICE, PRODUCT, "/intern/x", False),
    ("our two groups are merged: the second one's rule", OURS_TWICE, PRODUCT, "/erhverv/x", False),
    ("our groups merged, * not added to them", OURS_TWICE, PRODUCT, "/kultur/x", True),
    ("a group naming us among others applies", OURS_AMONG_OTHERS, PRODUCT, "/intern/x", False),
    ("no group for us and no *: everything allowed", OTHERS_ONLY, PRODUCT, "/borger", True),
    ("robots.txt itself is always allowed", "User-agent: *\nDisallow: /\n", PRODUCT, "/robots.txt", True),
    ("RFC 5.1: * refuses gifs", RFC_SIMPLE, PRODUCT, "/images/logo.gif", False),
    ("RFC 5.1: * refuses /example/", RFC_SIMPLE, PRODUCT, "/example/page.html", False),
    ("RFC 5.1: * allows /publications/", RFC_SIMPLE, PRODUCT, "/publications/2022.html", True),
    ("RFC 5.1: * allows what no rule names", RFC_SIMPLE, PRODUCT, "/borger", True),
    ("RFC 5.1: foobot may fetch page.html", RFC_SIMPLE, "foobot", "/example/page.html", True),
    ("RFC 5.1: foobot may fetch allowed.gif", RFC_SIMPLE, "foobot", "/example/allowed.gif", True),
    ("RFC 5.1: foobot may fetch nothing else", RFC_SIMPLE, "foobot", "/example/other.html", False),
    ("RFC 5.1: foobot, its own group not *", RFC_SIMPLE, "foobot", "/publications/", False),
    ("RFC 5.1: barbot may not fetch page.html", RFC_SIMPLE, "barbot", "/example/page.html", False),
    ("RFC 5.1: bazbot, same group as barbot", RFC_SIMPLE, "bazbot", "/example/page.html", False),
    ("RFC 5.1: barbot may fetch the rest, gifs too", RFC_SIMPLE, "barbot", "/example/logo.gif", True),
    ("RFC 5.1: quxbot's empty group allows everything", RFC_SIMPLE, "quxbot", "/example/page.html", True),
    ("RFC 5.2: longest match allows the folder", RFC_LONGEST, "foobot", "/example/page/", True),
    ("RFC 5.2: longest match refuses the gif", RFC_LONGEST, "foobot", "/example/page/disallowed.gif", False),
    ("RFC 2.2.3: $ allows the exact path", RFC_DOLLAR, PRODUCT, "/this/path/exactly", True),
    ("RFC 2.2.3: $ refuses a longer one", RFC_DOLLAR, PRODUCT, "/this/path/exactly/not", False),
    ("RFC 2.2.3: * allows any middle", RFC_STAR, PRODUCT, "/this/any/path/exactly", True),
    ("RFC 2.2.3: * needs the rest to follow", RFC_STAR, PRODUCT, "/this/path/other", False),
    ("RFC 2.2.2: UTF-8 rule matches the encoded URL", RFC_ENCODED, PRODUCT, "/foo/bar/%E3%83%84", False),
    ("RFC 2.2.2: UTF-8 rule matches the raw URL", RFC_ENCODED, PRODUCT, "/foo/bar/ツ", False),
]


@pytest.mark.parametrize(("text", "agent", "path", "allowed"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_robots_txt_rules_as_rfc_9309_reads_them(text, agent, path, allowed):
    assert parse_robots(text, agent).allows(SITE + path) is allowed


def test_crawl_delay_and_sitemaps_come_from_our_group_and_the_whole_file():
    robots = parse_robots("Sitemap: https://gladsaxe.dk/sitemap.xml\n\n"
                          "User-agent: *\nCrawl-delay: 30\n\n"
                          "User-agent: kommunesoeg\nCrawl-delay: 4\nDisallow: /intern/\n\n"
                          "Sitemap: https://gladsaxe.dk/nyheder.xml\n", PRODUCT)

    assert robots.crawl_delay == 4.0
    assert robots.sitemaps == ["https://gladsaxe.dk/sitemap.xml", "https://gladsaxe.dk/nyheder.xml"]


def test_an_empty_robots_txt_allows_everything_without_a_delay():
    robots = parse_robots("", PRODUCT)

    assert robots.allows(SITE + "/intern/") and robots.crawl_delay == 0.0 and robots.sitemaps == []
