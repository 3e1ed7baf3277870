"""Demo stories for a first look: campaigns, topics, images and share texts.

`manage.py seed_demo` calls `seed(stdout)` after locations and departments exist.
The content is plain data (`data`, `stories_recent`, `stories_older`); `builder`
creates or updates the campaigns, images and pages from it.
"""

from cms.demo.builder import seed

__all__ = ["seed"]
