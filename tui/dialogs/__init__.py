"""dialogs of the Beat app."""
