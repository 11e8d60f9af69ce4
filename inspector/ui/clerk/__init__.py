"""The registry clerk's workspace in the window (Dutch only: burgerzaken's back office)."""
