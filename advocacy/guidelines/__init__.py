"""Guidelines: the pure engine (engine/) and its Django side: settings, terms,
API, pages."""
