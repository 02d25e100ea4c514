"""Speed at the iftar spike: anonymous pages from cache, purges when content changes."""
