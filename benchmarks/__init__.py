"""Benchmarks of humebatch against raw httpx, orjson/json and the official SDK (``make bench``)."""
