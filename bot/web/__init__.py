"""The chat page: static files here, assembled by ``bot.web.build``."""
