"""Reading a resume: field suggestions for HR to confirm, and the match with a job."""
