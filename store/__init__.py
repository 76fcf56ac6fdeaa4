"""Beat's data layer: reading, cleaning, analysis and the TinyDB stores. Never imports a UI."""
