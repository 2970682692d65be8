"""Retention: conversations older than N days are deleted from the tracker store.

Every event older than the cut-off is deleted, so

* a conversation whose latest event is older than N days disappears
  entirely, and
* a conversation still in use keeps only its last N days.

The second case never breaks a conversation: Rasa only reads the events of
the current session, and a session ends after 60 minutes of silence, so a
session older than N days is long over.

Command line (``scripts/services.sh`` runs it at start and every 24 hours)::

    python -m bot.retention [--days 30] [--db var/tracker.db] [--every HOURS]

``--days`` defaults to ``RETENTION_DAYS`` (else 30), ``--db`` to ``RETENTION_DB``,
else ``TRACKER_DB``, else ``var/tracker.db``; it also takes an SQLAlchemy URL
(``postgresql://...``, best given in ``RETENTION_DB`` so that the password
does not show in ``ps``). Only counts are printed, never content.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import sqlalchemy as sa

from bot.privacy import erase_sqlite_journal

DEFAULT_DAYS = 30
EVENTS_TABLE = "events"  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent


def _engine(db_path_or_url: str) -> sa.engine.Engine:
    url = db_path_or_url if "://" in db_path_or_url else f"sqlite:///{db_path_or_url}"
    return sa.create_engine(url)


def delete_old_conversations(db_path_or_url: str, days: float, now: float | None = None) -> int:
    """Delete every tracker event older than ``days`` days; return how many.

    ``now`` (a Unix time) is for tests. A database without Rasa's events
    table yet (nothing stored so far) is left alone.
    """
    if days <= 0:
        raise ValueError("days must be positive")
    cutoff = (time.time() if now is None else now) - days * 86_400
    engine = _engine(db_path_or_url)
    try:
        if not sa.inspect(engine).has_table(EVENTS_TABLE):
            return 0
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # Overwrite deleted rows: otherwise their text stays readable
                # in the free pages of the database file.
                connection.execute(sa.text("PRAGMA secure_delete = ON"))
            result = connection.execute(
                sa.text(f"DELETE FROM {EVENTS_TABLE} WHERE timestamp < :cutoff"), {"cutoff": cutoff}
            )
        erase_sqlite_journal(engine)
        return int(result.rowcount or 0)
    finally:
        engine.dispose()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--days",
        type=float,
        default=float(os.environ.get("RETENTION_DAYS") or DEFAULT_DAYS),
        help="keep this many days (default: $RETENTION_DAYS or 30)",
    )
    default_db = os.environ.get("RETENTION_DB") or os.environ.get("TRACKER_DB") or "var/tracker.db"
    parser.add_argument(
        "--db", default=default_db, help="SQLite file or SQLAlchemy URL (default: $RETENTION_DB, else $TRACKER_DB)"
    )
    parser.add_argument(
        "--every",
        type=float,
        default=0,
        metavar="HOURS",
        help="run again every HOURS hours until stopped (default: once)",
    )
    args = parser.parse_args(argv)
    if args.days <= 0 or args.every < 0:
        parser.error("--days must be positive and --every not negative")
    return args


def _run_once(db: str, days: float) -> bool:
    try:
        deleted = delete_old_conversations(db, days)
    except sa.exc.SQLAlchemyError as error:
        # A busy or unreachable database: try again at the next run.
        print(f"retention: could not clean the tracker store: {type(error).__name__}", file=sys.stderr, flush=True)
        return False
    print(f"retention: deleted {deleted} event(s) older than {days:g} day(s)", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    ok = _run_once(args.db, args.days)
    while args.every:
        time.sleep(args.every * 3600)
        ok = _run_once(args.db, args.days)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
