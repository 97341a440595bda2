"""Data files bundled with cme_core (read with :mod:`importlib.resources`): the demonstration
LA of :mod:`cme_core.demo`."""
