"""A drawing worker: ``python -m widgets.explorable`` (jobs as JSON on stdin, see :mod:`.draw`)."""

import sys

from widgets.explorable.draw import _worker_main

sys.exit(_worker_main())
