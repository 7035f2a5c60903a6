"""A drawing worker: ``python -m widgets.book.explorable`` (jobs as JSON on stdin, see :mod:`.draw`)."""

import sys

from widgets.book.explorable.draw import _worker_main

sys.exit(_worker_main())
