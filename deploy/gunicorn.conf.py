"""gunicorn, the alternative to granian (see deploy/README.md for the measurement):
``gunicorn -c deploy/gunicorn.conf.py roznama.cache.wsgi:application``."""

import multiprocessing
import os

bind = os.environ.get("ROZNAMA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ROZNAMA_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("ROZNAMA_THREADS", 4))
keepalive = 30  # nginx keeps upstream connections open
backlog = 2048
max_requests = 20000
max_requests_jitter = 2000
graceful_timeout = 20
timeout = 30
accesslog = None
errorlog = "-"
preload_app = True
