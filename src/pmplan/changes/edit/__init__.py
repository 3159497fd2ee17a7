"""Editing plan files in place: :mod:`.update` (what ``pmplan update`` does), :mod:`.splice`
(new values spliced into the text) and :mod:`.nodes` (where things are written)."""
