"""IPython kernel settings for Cramp Lab's virtual environment.

`make` copies this file to .venv/etc/ipython/, where every kernel started from the venv reads it
(book build, nbval, `make live`). It drops exactly one log record: ipykernel's notice that a
local kernel talks to its client over TCP on 127.0.0.1 without encryption. That notice appears on
every kernel start and would drown real warnings in the build log; every other kernel warning or
error still shows.
"""

import logging


class DropPlaintextTcpNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "running over TCP without encryption" not in record.getMessage()


c = get_config()  # noqa: F821  (provided by IPython when it loads this file)
c.IPKernelApp.logging_config = {
    "filters": {"drop_plaintext_tcp_notice": {"()": DropPlaintextTcpNotice}},
    "handlers": {"console": {"filters": ["drop_plaintext_tcp_notice"]}},
}
