"""The portal's WSGI application with the benchmark's floors mounted (``demo.bench_urls``).

Only ``run_benchmarks`` serves this (``gunicorn -c deploy/gunicorn.conf.py demo.bench_wsgi``):
the settings are the production ones; only ``ROOT_URLCONF`` adds the floors in front.
"""

from django.conf import settings

from participation.wsgi import application

settings.ROOT_URLCONF = "demo.bench_urls"

__all__ = ["application"]
