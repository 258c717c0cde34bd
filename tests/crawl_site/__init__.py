"""A fixture web site for the crawler's tests: Havby Kommune on 127.0.0.1 (``server.FixtureSite``).

``python -m tests.crawl_site`` crawls it twice and prints what each crawl cost the site.
"""
