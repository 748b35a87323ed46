"""Garbage-collector settings for a web process.

A full collection walks every object the collector tracks; a Django process
holds a few hundred thousand long-lived ones (modules, the URL resolver,
templates, compiled queries, caches), so one took ~70 ms here and stopped
every thread of the worker meanwhile: the tail of the latency (requests to
the stamp verification page answered in 2–20 ms waited up to a quarter of a
second). ``gc.freeze()`` moves the objects alive at that moment to a
permanent generation the collector no longer walks (a full collection then
takes ~1 ms). We freeze once the application is loaded and again once the
worker has served its first requests and built its lazy caches. Objects
frozen are never collected: what a request still holds at that moment stays
(a one-off few kilobytes).
"""

from __future__ import annotations

import gc

from django.core.signals import request_finished

WARM_UP_REQUESTS = 200


def freeze_after_warm_up(requests: int = WARM_UP_REQUESTS) -> None:
    """Freeze the heap now and once more after ``requests`` requests."""
    gc.freeze()
    served = 0

    def count(**kwargs: object) -> None:
        nonlocal served
        served += 1
        if served >= requests:
            request_finished.disconnect(count)
            gc.freeze()

    request_finished.connect(count, weak=False)
