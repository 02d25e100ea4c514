"""Who may write raw HTML: ad code and embeds, limited to a permission an administrator grants."""
