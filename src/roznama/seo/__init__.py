"""Being found: sitemaps, feeds, structured data, social cards and search."""
