"""Pages folder → passages: read every page, learn each site's boilerplate, clean, split."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

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


def ingest_pages(raws: list[RawPage], teachers: Iterable[PageSignature] = (),
                 rejected: list[Rejected] | None = None,
                 sites: dict[str, Boilerplate] | None = None,
                 known_digests: dict[str, str] | None = None) -> Ingested:
    """Clean and split ``raws``. Boilerplate is learned from them together with ``teachers`` (the
    signatures of other pages of the same sites that are not processed now), unless ``sites`` gives
    it already learned. A page with the same content as an earlier one (by name, or in
    ``known_digests``: content digest → page name) is rejected as a duplicate."""
    result = Ingested(rejected=list(rejected or []))
    unique = []
    seen = dict(known_digests or {})
    for raw in sorted(raws, key=lambda r: r.name):
        original = seen.setdefault(raw.digest, raw.name)
        if original != raw.name:
            result.rejected.append(Rejected(raw.name, f"same content as {original}"))
        else:
            unique.append(raw)
    if sites is None:  # a duplicate would teach that its whole text repeats across the site
        sites = learn_sites([*(page_signature(raw) for raw in unique), *teachers])
    for raw in unique:
        page = clean_page(raw, sites[raw.site])
        passages = split_passages(page)
        if not passages:
            result.rejected.append(Rejected(raw.name, "no content after removing boilerplate"))
            continue
        result.pages.append(page)
        result.passages.extend(passages)
    by_site: dict[str, list[Page]] = defaultdict(list)
    for page in result.pages:
        by_site[page.site].append(page)
    for pages in by_site.values():
        site = site_passage([SiteFooter(page.name, page.site, page.footer, page.url, page.title) for page in pages])
        if site:
            result.passages.append(site)
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
