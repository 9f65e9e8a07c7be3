"""Print layouts: core documents -> a print document -> ESC/POS bytes or a PNG."""
