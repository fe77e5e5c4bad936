"""The applicants' screening questions: what a job asks on the careers form, and the answers."""
