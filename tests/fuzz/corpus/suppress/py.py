"""
# krewlint:ignore 6-17 reason="in a docstring"
"""
x = 1  # krewlint:ignore 6-17 reason="r" until=2025-02-30
