"""Coaching knowledge in plain Python (no Django): the vocabulary and the WOD generator."""
