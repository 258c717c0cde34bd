"""Pages folder → passages: read every page, learn each site's boilerplate, clean, split."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .boilerplate import Boilerplate, PageSignature, clean_page, learn_boilerplate, page_signature
from .model import Page, PageError, Passage, RawPage
from .passages import SiteFooter, site_passage, split_passages
from .reader import is_page_file, printable_name, read_page


@dataclass
class Rejected:
    page: str
    reason: str


@dataclass
class Ingested:
    """The passages of a set of pages, and the pages that could not be used (with why)."""

    passages: list[Passage] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def passages_of(self, page: str) -> list[Passage]:
        return [p for p in self.passages if p.page == page]


def page_files(pages_dir: Path) -> list[Path]:
    """The page files in a folder (not recursive), in name order."""
    return sorted((p for p in pages_dir.iterdir() if is_page_file(p)), key=lambda p: p.name)


def read_pages(paths: Iterable[Path]) -> tuple[list[RawPage], list[Rejected]]:
    raws, rejected = [], []
    for path in paths:
        try:
            raws.append(read_page(path))
        except PageError as err:
            rejected.append(Rejected(printable_name(path.name), str(err)))
    return raws, rejected


def learn_sites(signatures: Iterable[PageSignature]) -> dict[str, Boilerplate]:
    """Boilerplate learned per site (pages without a URL form one site: the folder)."""
    by_site: dict[str, list[PageSignature]] = defaultdict(list)
    for signature in signatures:
        by_site[signature.site].append(signature)
    return {site: learn_boilerplate(group) for site, group in by_site.items()}


def drop_duplicates(raws: Iterable[RawPage], owners: dict[str, str] | None = None
                    ) -> tuple[list[RawPage], list[Rejected]]:
    """The pages in name order without copies: a page whose content an earlier page has (or a page
    in ``owners``, content digest → page name: pages kept from before) is rejected. A copy would
    teach boilerplate learning that its whole text repeats across the site."""
    unique, rejected = [], []
    seen = dict(owners or {})
    for raw in sorted(raws, key=lambda r: r.name):
        original = seen.setdefault(raw.digest, raw.name)
        if original != raw.name:
            rejected.append(Rejected(raw.name, f"same content as {original}"))
        else:
            unique.append(raw)
    return unique, rejected


NO_CONTENT = "no content after removing boilerplate"


def split_each(raws: Iterable[RawPage], sites: dict[str, Boilerplate]) -> Iterator[tuple[RawPage, Page, list[Passage]]]:
    """Each page cleaned with its site's boilerplate, and its passages (none: nothing was left),
    one page at a time, so a reindex can index a page while the next is cleaned."""
    for raw in raws:
        page = clean_page(raw, sites[raw.site])
        yield raw, page, split_passages(page)


def split_pages(raws: Iterable[RawPage], sites: dict[str, Boilerplate]) -> Ingested:
    """Clean each page with its site's boilerplate and cut it into passages (no site passages)."""
    result = Ingested()
    for raw, page, passages in split_each(raws, sites):
        if not passages:
            result.rejected.append(Rejected(raw.name, NO_CONTENT))
            continue
        result.pages.append(page)
        result.passages.extend(passages)
    return result


def footer_of(page: Page) -> SiteFooter:
    return SiteFooter(page.name, page.site, page.footer, page.url, page.title)


def site_passages(footers: Iterable[SiteFooter]) -> dict[str, Passage]:
    """One site passage per site (by site name), from the footers of all its pages."""
    by_site: dict[str, list[SiteFooter]] = defaultdict(list)
    for footer in footers:
        by_site[footer.site].append(footer)
    passages = {site: site_passage(group) for site, group in sorted(by_site.items())}
    return {site: passage for site, passage in passages.items() if passage}


def ingest_pages(raws: list[RawPage], teachers: Iterable[PageSignature] = (),
                 rejected: list[Rejected] | None = None) -> Ingested:
    """Clean and split ``raws``, and add each site's passage. Boilerplate is learned from them
    together with ``teachers`` (the signatures of other pages of the same sites that are not
    processed now). A page with the same content as an earlier one is rejected as a duplicate."""
    unique, copies = drop_duplicates(raws)
    sites = learn_sites([*(page_signature(raw) for raw in unique), *teachers])
    result = split_pages(unique, sites)
    result.rejected = [*(rejected or []), *copies, *result.rejected]
    result.passages.extend(site_passages(footer_of(page) for page in result.pages).values())
    return result


def ingest_folder(pages_dir: Path, files: Iterable[Path] | None = None) -> Ingested:
    """Passages of every page in ``pages_dir``, or of ``files`` cleaned with what the folder teaches."""
    folder = page_files(pages_dir) if pages_dir.is_dir() else []
    if files is None:
        raws, rejected = read_pages(folder)
        return ingest_pages(raws, rejected=rejected)
    files = list(files)
    chosen = {p.resolve() for p in files}
    raws, rejected = read_pages(files)
    teachers, _ = read_pages(p for p in folder if p.resolve() not in chosen)
    return ingest_pages(raws, [page_signature(t) for t in teachers], rejected)
