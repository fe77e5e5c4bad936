"""Delivery channels: each hands one outbox message to a provider (see ..delivery)."""
