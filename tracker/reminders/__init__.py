"""Reminders: what to mail whom and when (planning), and the outbox that sends it."""
