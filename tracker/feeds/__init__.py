"""Calendar feeds (iCalendar, RFC 5545) of a user's deadlines at a secret URL."""
