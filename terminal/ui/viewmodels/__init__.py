"""View-models: what each screen shows, as Kivy properties, and the service calls behind it.

They never import widgets; screens bind to them. Every service call goes through a
``Worker`` so the UI thread never waits on the database, a printer or the network.
"""
