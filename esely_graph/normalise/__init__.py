"""Pure functions: source text -> parsed value + original text + flags."""
