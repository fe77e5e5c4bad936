"""Employee records, onboarding, skills, training, performance, leave and pay."""
