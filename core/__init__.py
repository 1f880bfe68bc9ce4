"""Shared infrastructure with no domain (layer 0): every app may import it; it imports no app."""
