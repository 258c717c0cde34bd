"""Cleaning scraped municipal pages and splitting them into passages (page file → Passage)."""
from .model import Block, Page, PageError, Passage, RawPage
from .pipeline import Ingested, Rejected, ingest_folder, ingest_pages, page_files, read_pages

__all__ = ["Block", "Page", "PageError", "Passage", "RawPage", "Ingested", "Rejected", "ingest_folder",
           "ingest_pages", "page_files", "read_pages"]
