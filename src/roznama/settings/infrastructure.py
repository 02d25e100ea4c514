"""Shared engines, switched on only when configured: caches, CDN purging.

Imported at the end of base.py; everything here reads the environment.
"""
