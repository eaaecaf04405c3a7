"""Helpers the tests import: clients, the broker seen from a test, consumers, processes, polling,
a network namespace to cut, a PostgreSQL of the test's own to restart.

Fixtures live in the `conftest.py` files; everything a test calls by name lives here.
"""
