"""Helpers shared by the test layers (import as ``support.<module>``)."""
