"""Shared test helpers live beside this file (``red_flag_mentions``); pytest puts this folder on
``sys.path`` because it holds a conftest."""
