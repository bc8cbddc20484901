"""quotestance: who said what in the news, and how they stand toward what."""

__version__ = "0.1.0"
