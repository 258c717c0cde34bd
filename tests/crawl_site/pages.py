"""The pages of Havby Kommune's fixture web site, as data: title, text, links and how each is served.

A paragraph starting with ``## `` is a sub-heading. Every page is listed by its parent section
(unless ``linked=False``) and in a sitemap (unless ``in_sitemap=False``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    title: str
    text: list[str]
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, label) inside <main>
    in_sitemap: bool = True
    linked: bool = True
    validators: str = "both"  # "both" (ETag and Last-Modified), "last-modified", or "none"
    encoding: str = "utf-8"  # "utf-8", "http-cp1252" (charset only in the HTTP header) or "broken"
    modified: str = "Mon, 04 Mar 2024 08:00:00 GMT"


SECTIONS = [("/borger", "Borger"), ("/erhverv", "Erhverv"), ("/politik", "Politik"),
            ("/kultur-og-fritid", "Kultur og fritid")]

PAGES: dict[str, Page] = {
    "/": Page("Forside", [
        "Velkommen til Havby Kommune. Her finder du selvbetjening, nyheder og kontaktoplysninger.",
        "## Genveje",
    ], links=[("/nyheder", "Nyheder"), ("/kontakt", "Kontakt"), ("/intern/personalehaandbog", "Personalehåndbog"),
              ("/selvbetjening", "Selvbetjening"), ("/soeg?q=affald", "Søg efter affald")],
        validators="both"),
    "/borger": Page("Borger", [
        "Alt om at bo i Havby: affald, ældre, børn og unge, sundhed og parkering.",
    ], links=[("/borger/affald", "Affald (genvej)"), ("/borger/digital-post", "Digital Post"),
              ("/borger/trafik/vejarbejde", "Vejarbejde"), ("/borger/trafik/parkeringszoner", "Parkeringszoner"),
              ("/borger/ustabil-side", "Driftsstatus")]),
    "/borger/affald-og-genbrug": Page("Affald og genbrug", [
        "Havby Kommune henter dit restaffald hver anden uge. Madaffald sorteres i den grønne spand.",
        "## Sortering",
        "Papir, pap, glas, metal og plast sorteres i de to beholdere med fire rum.",
    ], links=[("/filer/takstblad.pdf", "Takstblad (PDF)")]),
    "/borger/affald-og-genbrug/storskrald": Page("Storskrald", [
        "Storskrald hentes ved skel efter bestilling på Mit Affald. Du kan bestille afhentning fire gange om året.",
        "Møbler, madrasser og hårde hvidevarer er storskrald. Byggeaffald er ikke.",
    ]),
    "/borger/affald-og-genbrug/genbrugsstationen": Page("Genbrugsstationen", [
        "Genbrugsstationen på Havnevej 12 har åbent alle dage fra 7 til 19.",
        "Du kan aflevere haveaffald og farligt affald gratis.",
    ]),
    "/borger/aeldre-og-pleje": Page("Ældre og pleje", [
        "Er du ældre og har brug for hjælp i hverdagen, kan du søge om hjemmehjælp eller en plejebolig.",
    ]),
    "/borger/aeldre-og-pleje/hjemmehjaelp": Page("Hjemmehjælp", [
        "Hjemmehjælp gives efter en samtale med en visitator. Du kan selv vælge leverandør.",
        "## Madservice",
        "Kan du ikke selv lave mad, kan du få leveret varm mad fra Havby Køkken.",
    ]),
    "/borger/aeldre-og-pleje/plejebolig": Page("Plejebolig", [
        "Ventetiden på en plejebolig er lige nu omkring to måneder. Plejecenter Solgården har 48 boliger.",
    ]),
    "/borger/boern-og-unge": Page("Børn og unge", [
        "Dagtilbud, skoler og fritid for børn og unge i Havby.",
    ]),
    "/borger/boern-og-unge/dagtilbud": Page("Dagtilbud", [
        "Du skal skrive dit barn op til vuggestue eller dagpleje senest tre måneder før, du har brug for en plads.",
    ]),
    "/borger/boern-og-unge/skoler": Page("Skoler", [
        "Havby har seks folkeskoler. Skoleindskrivningen til børnehaveklasse foregår i december.",
    ]),
    "/borger/sundhed": Page("Sundhed", [
        "Sundhedscentret tilbyder rygestop, genoptræning og hjælp til et sundere liv.",
    ]),
    "/borger/sundhed/tandpleje": Page("Tandpleje", [
        "Børn og unge under 18 år får gratis tandpleje på kommunens tandklinikker. Tandlægen på Søndergade "
        "har åbent for akutte tilfælde om lørdagen.",
    ], encoding="http-cp1252"),
    "/borger/sundhed/genoptraening": Page("Genoptræning", [
        "Efter en indlæggelse får du en genoptræningsplan. Genoptræningen foregår i Sundhedscentret.",
    ], linked=False),
    "/borger/parkering": Page("Parkering", [
        "I den indre by skal du betale for parkering mellem 9 og 18. Beboerlicens koster 200 kr. om året.",
    ]),
    "/borger/vinterberedskab": Page("Vinterberedskab", [
        "Når det sner, rydder kommunens saltvogne først de store veje og cykelstierne.",
    ]),
    "/borger/sygesikring": Page("Sygesikring", [
        "Det gule sygesikringskort bestiller du hos Borgerservice, hvis du har mistet dit kort.",
    ]),
    "/erhverv": Page("Erhverv", [
        "Service til virksomheder i Havby: start af virksomhed, byggeri og udbud.",
    ], links=[("/erhverv/blanketter/ansoegning", "Ansøgningsskema")]),
    "/erhverv/start-virksomhed": Page("Start virksomhed", [
        "Erhvervshuset rådgiver gratis iværksættere om forretningsplan, regnskab og moms.",
    ]),
    "/erhverv/byggetilladelse": Page("Byggetilladelse", [
        "Du søger byggetilladelse digitalt på Byg og Miljø. Sagsbehandlingstiden er cirka seks uger.",
    ]),
    "/erhverv/udbud": Page("Udbud", [
        "Kommunens aktuelle udbud af vareindkøb og tjenesteydelser annonceres på udbud.dk.",
    ], validators="last-modified"),
    "/politik": Page("Politik", [
        "Byrådet, udvalg, dagsordener og kommunens strategi.",
    ], links=[("/politik/budget/bilag", "Budgetbilag"), ("/politik/budget/regnskab", "Regnskab")]),
    "/politik/byraadet": Page("Byrådet", [
        "Byrådet har 27 medlemmer og holder møde den sidste onsdag i måneden. Møderne er offentlige.",
    ]),
    "/politik/dagsordener-og-referater": Page("Dagsordener og referater", [
        "Dagsordener offentliggøres fire hverdage før mødet. Referater kommer senest dagen efter.",
    ]),
    "/politik/havbystrategien": Page("Havbystrategien", [
        "Havbystrategien fra 2022 sætter mål for grøn omstilling, lige muligheder og et aktivt byliv.",
        "## Partnerskaber",
        "Sammen med foreningerne arbejder kommunen for flere frivillige i idrætten frem mod 2026.",
    ]),
    "/kultur-og-fritid": Page("Kultur og fritid", [
        "Biblioteker, svømmehal og foreninger i Havby.",
    ]),
    "/kultur-og-fritid/biblioteker": Page("Biblioteker", [
        "Hovedbiblioteket har åbent alle dage fra 8 til 22 med lånerkort. Der er lektiecafé om tirsdagen.",
    ]),
    "/kultur-og-fritid/svoemmehal": Page("Svømmehal", [
        "Havby Svømmehal har morgensvømning fra klokken 6. Babysvømning kræver tilmelding.",
    ], in_sitemap=False),
    "/kultur-og-fritid/foreninger": Page("Foreninger", [
        "Foreningsportalen samler kommunens 140 foreninger. Søg lokaler og tilskud til ungdomsarbejde.",
        "Kulturprisen uddeles hvert år til en ildsjæl i foreningslivet.",
    ], encoding="broken"),
    "/nyheder": Page("Nyheder", [
        "Ny legeplads i Østerparken åbner til sommer.",
        "Borgermøde om den nye bycykelordning i rådhushallen.",
    ], validators="none"),
    "/kontakt": Page("Kontakt", [
        "Ring til Borgerservice på 70 10 20 30 eller skriv via Digital Post.",
    ]),
    "/borger/ustabil-side": Page("Driftsstatus", [
        "Alle selvbetjeningsløsninger kører normalt.",
    ], linked=False, in_sitemap=False),
    "/intern/personalehaandbog": Page("Personalehåndbog", [
        "Denne side er kun for medarbejdere.",
    ], linked=False),
}

ROBOTS_TXT = """\
# Havby Kommune
User-agent: *
Disallow: /intern/
Disallow: /soeg

Sitemap: {origin}/sitemap.xml
"""

# Sitemaps: an index pointing at one plain and one gzipped sitemap.
SITEMAP_FILES = {"/sitemaps/borger.xml": "/borger", "/sitemaps/oevrige.xml.gz": ""}
