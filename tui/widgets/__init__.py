"""widgets of the Beat app."""
