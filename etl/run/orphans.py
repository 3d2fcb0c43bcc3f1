"""Imported only by the parse pool's forkserver (as a preload): it dies with the build that started it.

Never import this module anywhere else: importing it asks the kernel to
kill the importing process when its parent dies.  See `etl.run.workers`.
"""

from etl.run.workers import die_with_parent, mark_server

die_with_parent()
mark_server()
