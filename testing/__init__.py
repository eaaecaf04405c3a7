"""Helpers the tests import: clients, the broker seen from a test, consumers, processes, polling.

Fixtures live in the `conftest.py` files; everything a test calls by name lives here.
"""
