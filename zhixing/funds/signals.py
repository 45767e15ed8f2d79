"""Receivers that keep funds in step with the apps below it."""
