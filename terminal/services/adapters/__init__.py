"""Adapters from the service ports to the rest of Kassa (device replica, devices)."""
