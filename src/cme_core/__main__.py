"""``python -m cme_core``: the same as the ``cme`` command."""

from cme_core.cli import main

raise SystemExit(main())
