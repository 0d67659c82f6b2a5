"""Data files shipped with cleaner (the reverse-synonym table used by `cleaner discover`)."""
