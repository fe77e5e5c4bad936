"""The candidate portal: pages over recruiting's services, for the candidate signed in by link."""
