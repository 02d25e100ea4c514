"""Advertisement slots: named places on the page holding a house ad or an ad-server unit."""
