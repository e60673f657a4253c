"""gunicorn settings for the PaaS (the Procfile's `web:` line loads this file).

Every value a platform sets is read from its usual variable: PORT, WEB_CONCURRENCY.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# The router gives up on a request after 30 s: finish or fail before it does.
timeout = 25
graceful_timeout = 20
keepalive = 5

# Load Django once in the master so forked workers share its memory, and recycle workers now
# and then so no slow leak grows without bound: rarely, since a new worker starts with empty
# caches (a course's outline, pages kept for sessions) and refills them request by request.
# At a busy worker's few hundred requests a second that is every few minutes.
preload_app = True
max_requests = 50_000
max_requests_jitter = 5_000

# Only the platform's router can reach the dyno, so trust its X-Forwarded-* headers.
forwarded_allow_ips = "*"

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# Heartbeat files in memory, not on a possibly slow disk (gunicorn creates them with mkstemp).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
