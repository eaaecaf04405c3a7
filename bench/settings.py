"""Benchmarks and chaos run the production settings, plus an authenticated no-op endpoint."""

from coachsite.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
