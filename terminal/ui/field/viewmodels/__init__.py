"""View-models of the rep's screens, one per screen, and ``FieldNav`` joining them."""
