"""Story suggestions: employees propose stories, comms staff review them in Wagtail."""
