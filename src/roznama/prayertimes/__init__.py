"""Prayer times for every Pakistani place and the world's cities with large Muslim
populations: a page a city (today, the month, the Qibla), monthly archive pages, a sitemap."""
