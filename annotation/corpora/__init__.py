"""Readers for the external corpora (PolNeAR, NewsMTSC, State Dept press releases)."""
