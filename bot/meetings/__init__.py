"""Recovery meetings from operators' feeds: load, store, search, describe.

One concern per module:

* ``model``          the ``Meeting`` record and a feed ``Problem``;
* ``vocabulary``     the data files: meeting type names, BMLT format keys,
                     the words people use for types, times and places;
* ``meeting_guide``  parses the Meeting Guide JSON format (code4recovery/spec);
* ``bmlt``           parses BMLT ``GetSearchResults`` JSON;
* ``feeds``          operator configuration, refresh, last good copy in SQLite;
* ``places``         US ZIP codes and cities to coordinates, distances;
* ``when``           "tonight", "saturday morning", "in an hour" to a time window;
* ``search``         ``MeetingIndex``: filters and ordering, built once;
* ``parse_request``  a message's meeting words (in the NLU), then a ``MeetingQuery``;
* ``format``         up to three meetings in plain words.

Nothing here invents a meeting: every answer comes from an operator's feed.
"""
