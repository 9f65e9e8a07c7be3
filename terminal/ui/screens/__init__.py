"""Screens: a ``.kv`` file each (loaded once, at import) and a small ``Screen`` bound to
its view-model. They translate touches into one view-model call and never touch
SQL, HTTP or printers.
"""
