"""The demo newsroom's content: sections, people, articles, and the pictures and clips drawn for them."""
