"""Hyvinvointitarjotin: validate a catalogue of wellbeing offers and build its site."""
