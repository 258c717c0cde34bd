"""The serving side: queries against the live generation — parsing, matching, scoring, snippets,
spelling, autocomplete, answer cards, timeline and similar passages."""
