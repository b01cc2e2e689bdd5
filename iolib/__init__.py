"""iolib: a layered, typed networking framework in the spirit of Common Lisp's IOLib.

Layers, lowest first: :mod:`iolib.address` (address values), :mod:`iolib.streams`
(the dual-channel bivalent stream), :mod:`iolib.multiplex` (the event base),
:mod:`iolib.sockets` (the socket class hierarchy) and :mod:`iolib.dns` (names).
Everything public is importable from here as well as from its subpackage.
"""

from __future__ import annotations

from iolib import address as address
from iolib import dns as dns
from iolib import multiplex as multiplex
from iolib import sockets as sockets
from iolib import streams as streams
from iolib._errors import IolibError as IolibError
from iolib.address import *
from iolib.dns import *
from iolib.multiplex import *
from iolib.sockets import *
from iolib.streams import *

__version__ = "0.1.0"

__all__ = [
    "IolibError",
    "__version__",
    *address.__all__,
    *streams.__all__,
    *multiplex.__all__,
    *sockets.__all__,
    *dns.__all__,
]
