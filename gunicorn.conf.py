"""gunicorn settings for production (read from the working directory by `gunicorn`).

Threaded workers keep HTTP connections alive between requests (sync workers close each one);
on the 2-core machine the benchmarks ran on, 2 processes × 4 threads served "Mes applications"
fastest. Override with GUNICORN_WORKERS / GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 60
# An empty GUNICORN_ACCESSLOG turns the access log off (the benchmarks do).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
