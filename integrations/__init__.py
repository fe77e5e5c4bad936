"""Vendor protocols only: adapters, contracts, connections, sync state, webhook inbox.

Knows vendors, not our domain: it never imports employees, recruiting or analytics.
"""
