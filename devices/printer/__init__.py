"""Receipt printers over python-escpos: models, settings, transports, adapter."""
