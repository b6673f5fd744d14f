"""Precomputed home feeds (fan-out on write) behind one FeedStore interface."""
