"""Where a Kommunesøg installation keeps what it writes besides the index: the search log, the staff
password, the best bets and the staff change log.

The instance folder is ``--instance DIR``, else ``$KOMMUNESOG_INSTANCE``, else the parent of the index
folder (so ``serve --index /srv/ks/instance/index`` and ``stats --index /srv/ks/instance/index`` agree);
with the default index ``instance/index`` that is ``instance/``.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KOMMUNESOG_INSTANCE"

SEARCH_LOG_FILE = "searchlog.sqlite3"
STAFF_PASSWORD_FILE = "staff-password.json"
STAFF_CHANGES_FILE = "staff-changes.log"
BEST_BETS_FILE = "best_bets.txt"


def instance_dir(index_dir: Path | str, instance: Path | str | None = None) -> Path:
    """The instance folder for an index folder (see the module's docstring for the order)."""
    chosen = instance or os.environ.get(ENV_VAR)
    return Path(chosen) if chosen else Path(index_dir).parent
