"""Rasa's command line with this project's extensions installed first.

    .venv/bin/python -m bot.server run --model ... (any `rasa` arguments)

scripts/services.sh starts Rasa this way, so that the replacements listed in
``bot.rasa_extensions`` are in place, explicitly, before Rasa loads the model
and the channels.
"""

from __future__ import annotations

import rasa.__main__

from bot import rasa_extensions

if __name__ == "__main__":
    rasa_extensions.install()
    rasa.__main__.main()
