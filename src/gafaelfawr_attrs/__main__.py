"""Run the ``gafaelfawr-attrs`` command as ``python -m gafaelfawr_attrs``."""

import sys

from ._cli import main

sys.exit(main())
