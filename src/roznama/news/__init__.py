"""News pages: home, sections, articles, authors and tags."""
