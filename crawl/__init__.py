"""The polite crawler that keeps a pages folder fresh: robots.txt, sitemaps, conditional requests,
stable page file names, and removal of pages that are gone after a grace period."""
from .crawler import CrawlOptions, PagesFolderError, crawl, user_agent
from .progress import TerminalProgress
from .report import EXIT_BUSY, EXIT_FAILED, EXIT_OK, EXIT_SITE, EXIT_USAGE, CrawlReport
from .scope import BadSite
from .state import CrawlBusy
from .update import UpdateReport, update

__all__ = ["EXIT_BUSY", "EXIT_FAILED", "EXIT_OK", "EXIT_SITE", "EXIT_USAGE", "BadSite", "CrawlBusy",
           "CrawlOptions", "CrawlReport", "PagesFolderError", "TerminalProgress", "UpdateReport", "crawl",
           "update", "user_agent"]
