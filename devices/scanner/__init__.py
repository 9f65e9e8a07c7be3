"""Barcode scanners (serial, keyboard wedge) and what their codes mean."""
