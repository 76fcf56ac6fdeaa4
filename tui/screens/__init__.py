"""screens of the Beat app."""
