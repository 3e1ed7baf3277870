"""Outreach: stories reach employees where they already are (Teams, Slack)."""
