"""gunicorn settings for production (read from the working directory by `gunicorn`).

Threaded workers keep HTTP connections alive between requests (sync workers close each one);
on the 2-core machine the benchmarks ran on (2026-12-04, the machine otherwise idle), 2 processes
× 2 threads served the family pages with the shortest tail: p99 30–69 ms against 70–171 ms with 4
threads (fewer threads fighting over each process's GIL), and "Mes applications" at 779 req/s
against 730. Override with GUNICORN_WORKERS / GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
keepalive = 5
timeout = 60
# An empty GUNICORN_ACCESSLOG turns the access log off (the benchmarks do).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
